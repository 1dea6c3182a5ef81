using System.Text;
using Cluster.Edge.Auth;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cluster.Tests.Auth;

public sealed class DigestCredentialsProperties
{
    private static readonly byte[] s_valid = Encoding.ASCII.GetBytes(
        "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
        + "uri=\"/dir/index.html\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", "
        + "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");

    [Property(MaxTest = 2000)]
    public bool TryParse_never_throws_on_random_bytes(byte[] bytes)
    {
        DigestCredentials.TryParse(bytes, out _);
        return true;
    }

    [Property(MaxTest = 2000)]
    public bool TryParse_never_throws_on_a_mutated_valid_header(int position, byte value, bool insert)
    {
        var at = (int)((uint)position % (uint)(s_valid.Length + 1));
        var mutated = insert
            ? [.. s_valid.AsSpan(0, at), value, .. s_valid.AsSpan(at)]
            : s_valid.ToArray();
        if (!insert && at < mutated.Length)
            mutated[at] = value;
        if (DigestCredentials.TryParse(mutated, out var c))
        {
            // Whatever parsed must slice back inside the input.
            _ = c.Username.Slice(mutated);
            _ = c.Response.Slice(mutated);
        }
        return true;
    }

    [Property(MaxTest = 500)]
    public Property Verifier_never_throws_on_parsed_random_credentials(NonEmptyString username, NonEmptyString nonce)
    {
        var header = Encoding.UTF8.GetBytes(
            $"Digest username=\"{Escape(username.Get)}\", realm=\"r\", nonce=\"{Escape(nonce.Get)}\", uri=\"u\", "
            + "response=\"00000000000000000000000000000000\", qop=auth, nc=00000001, cnonce=c");
        var parsed = DigestCredentials.TryParse(header, out var credentials);
        var context = new DigestContext(0, "r"u8, default, "k"u8);
        var outcome = new DigestVerifier().Check(credentials, header, "REGISTER"u8, default,
            DigestSecret.FromPassword("p"u8), context);
        return (outcome != DigestOutcome.Ok).Label($"parsed={parsed} outcome={outcome}");
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
