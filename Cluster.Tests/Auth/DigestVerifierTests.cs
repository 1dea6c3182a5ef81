using System.Text;
using Cluster.Edge.Auth;

namespace Cluster.Tests.Auth;

public sealed class DigestVerifierTests
{
    private const string Realm = "sip.example.net";
    private const string User = "1001";
    private const string Password = "s3cret";
    private const string Uri = "sip:sip.example.net";
    private const long T0 = 1_763_890_000_000;

    private static readonly byte[] s_realm = Encoding.ASCII.GetBytes(Realm);
    private static readonly byte[] s_key = Encoding.ASCII.GetBytes("cluster-key-1-0123456789abcdef!!");
    private static readonly byte[] s_oldKey = Encoding.ASCII.GetBytes("cluster-key-0-0123456789abcdef!!");
    private static readonly byte[] s_ip = [198, 51, 100, 7];
    private static readonly byte[] s_register = Encoding.ASCII.GetBytes("REGISTER");

    private readonly DigestVerifier _verifier;

    public DigestVerifierTests() : this(new DigestOptions())
    {
    }

    private DigestVerifierTests(DigestOptions options) => _verifier = new DigestVerifier(options);

    private string Nonce(long nowMs = T0, byte[]? key = null)
    {
        var buffer = new byte[NonceIssuer.NonceLength];
        _verifier.Nonces.Issue(buffer, nowMs, key ?? s_key, s_realm, s_ip);
        return Encoding.ASCII.GetString(buffer);
    }

    private DigestOutcome Check(byte[] header, long nowMs = T0, string password = Password, string? requestUri = null,
        byte[]? previousKey = null, DigestVerifier? verifier = null)
        => Check(header, DigestSecret.FromPassword(Encoding.UTF8.GetBytes(password)), nowMs, requestUri, previousKey,
            verifier);

    private DigestOutcome Check(byte[] header, DigestSecret secret, long nowMs = T0, string? requestUri = null,
        byte[]? previousKey = null, DigestVerifier? verifier = null)
    {
        if (!DigestCredentials.TryParse(header, out var credentials))
            return DigestOutcome.Malformed;
        var context = new DigestContext(nowMs, s_realm, s_ip, s_key, previousKey);
        var uri = requestUri is null ? default : Encoding.ASCII.GetBytes(requestUri);
        return (verifier ?? _verifier).Check(credentials, header, s_register, uri, secret, context);
    }

    private byte[] Authorization(DigestAlgorithm algorithm = DigestAlgorithm.Md5, string? nonce = null,
        string password = Password, string realm = Realm, string user = User, bool withQop = true)
        => DigestTestClient.Authorization(algorithm, user, realm, password, "REGISTER", Uri, nonce ?? Nonce(),
            withQop: withQop);

    [Theory]
    [InlineData("MD5")]
    [InlineData("SHA-256")]
    public void Correct_password_is_ok(string algorithmToken)
    {
        var algorithm = DigestTestClient.Algorithm(algorithmToken);
        Assert.Equal(DigestOutcome.Ok, Check(Authorization(algorithm)));
    }

    [Theory]
    [InlineData("MD5")]
    [InlineData("SHA-256")]
    public void Wrong_password_is_reported(string algorithmToken)
    {
        var algorithm = DigestTestClient.Algorithm(algorithmToken);
        Assert.Equal(DigestOutcome.WrongPassword, Check(Authorization(algorithm, password: "guess")));
    }

    [Fact]
    public void Stored_ha1_replaces_the_password()
    {
        var md5 = Encoding.ASCII.GetBytes(DigestTestClient.H(DigestAlgorithm.Md5, $"{User}:{Realm}:{Password}").ToUpperInvariant());
        var sha = Encoding.ASCII.GetBytes(DigestTestClient.H(DigestAlgorithm.Sha256, $"{User}:{Realm}:{Password}"));

        Assert.Equal(DigestOutcome.Ok, Check(Authorization(DigestAlgorithm.Md5), DigestSecret.FromHa1(md5, sha)));
        Assert.Equal(DigestOutcome.Ok, Check(Authorization(DigestAlgorithm.Sha256), DigestSecret.FromHa1(md5, sha)));
        Assert.Equal(DigestOutcome.WrongPassword,
            Check(Authorization(DigestAlgorithm.Md5, password: "x"), DigestSecret.FromHa1(md5, sha)));
        // An MD5-only account cannot answer SHA-256 credentials.
        Assert.Equal(DigestOutcome.AlgorithmMismatch, Check(Authorization(DigestAlgorithm.Sha256), DigestSecret.FromHa1(md5)));
        // A corrupt stored HA1 can never match.
        Assert.Equal(DigestOutcome.WrongPassword, Check(Authorization(), DigestSecret.FromHa1("zz"u8)));
    }

    [Fact]
    public void Upper_case_response_hex_is_accepted()
    {
        var text = Encoding.ASCII.GetString(Authorization());
        var start = text.IndexOf("response=\"", StringComparison.Ordinal) + 10;
        var upper = text[..start] + text.Substring(start, 32).ToUpperInvariant() + text[(start + 32)..];
        Assert.Equal(DigestOutcome.Ok, Check(Encoding.ASCII.GetBytes(upper)));
    }

    [Fact]
    public void Other_realm_is_a_realm_mismatch()
        => Assert.Equal(DigestOutcome.RealmMismatch, Check(Authorization(realm: "sip.example.com")));

    [Fact]
    public void Expired_nonce_with_right_password_is_stale_with_wrong_password_is_wrong()
    {
        var nonce = Nonce(T0 - 301_000);
        Assert.Equal(DigestOutcome.StaleNonce, Check(Authorization(nonce: nonce)));
        Assert.Equal(DigestOutcome.WrongPassword, Check(Authorization(nonce: nonce, password: "guess")));
    }

    [Fact]
    public void Forged_nonce_is_bad_without_looking_at_the_password()
    {
        var nonce = Nonce().ToCharArray();
        nonce[5] = nonce[5] == 'A' ? 'B' : 'A';
        Assert.Equal(DigestOutcome.BadNonce, Check(Authorization(nonce: new string(nonce))));
        Assert.Equal(DigestOutcome.BadNonce, Check(Authorization(nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093")));
    }

    [Fact]
    public void Nonce_from_the_previous_key_is_accepted_during_rotation()
    {
        var header = Authorization(nonce: Nonce(key: s_oldKey));
        Assert.Equal(DigestOutcome.BadNonce, Check(header));
        Assert.Equal(DigestOutcome.Ok, Check(header, previousKey: s_oldKey));
    }

    [Fact]
    public void Uri_is_compared_only_when_asked()
    {
        var header = Authorization();
        Assert.Equal(DigestOutcome.Ok, Check(header, requestUri: Uri));
        Assert.Equal(DigestOutcome.UriMismatch, Check(header, requestUri: "sip:other.example.net"));
    }

    [Fact]
    public void Algorithms_not_accepted_are_a_mismatch()
    {
        var md5Off = new DigestVerifier(new DigestOptions { AcceptMd5 = false });
        var nonce = Encoding.ASCII.GetString(NewNonce(md5Off));
        Assert.Equal(DigestOutcome.AlgorithmMismatch, Check(Authorization(DigestAlgorithm.Md5, nonce), verifier: md5Off));
        Assert.Equal(DigestOutcome.Ok, Check(Authorization(DigestAlgorithm.Sha256, nonce), verifier: md5Off));

        // -sess is refused unless enabled, then verified with the session HA1.
        Assert.Equal(DigestOutcome.AlgorithmMismatch, Check(Authorization(DigestAlgorithm.Md5Sess)));
        var sess = new DigestVerifier(new DigestOptions { AcceptSessionAlgorithms = true });
        Assert.Equal(DigestOutcome.Ok, Check(Authorization(DigestAlgorithm.Sha256Sess), verifier: sess));
        Assert.Equal(DigestOutcome.Ok, Check(Authorization(DigestAlgorithm.Md5Sess), verifier: sess));

        var unknown = Encoding.ASCII.GetString(Authorization()).Replace("algorithm=MD5", "algorithm=SHA-512-256");
        Assert.Equal(DigestOutcome.AlgorithmMismatch, Check(Encoding.ASCII.GetBytes(unknown)));
    }

    [Fact]
    public void Missing_qop_is_malformed_unless_allowed()
    {
        var header = Authorization(withQop: false);
        Assert.Equal(DigestOutcome.Malformed, Check(header));
        var legacy = new DigestVerifier(new DigestOptions { RequireQop = false });
        Assert.Equal(DigestOutcome.Ok, Check(header, verifier: legacy));
    }

    [Fact]
    public void Auth_int_and_bad_response_lengths_are_malformed()
    {
        var text = Encoding.ASCII.GetString(Authorization());
        Assert.Equal(DigestOutcome.Malformed, Check(Encoding.ASCII.GetBytes(text.Replace("qop=auth", "qop=auth-int"))));
        // An MD5-length response under SHA-256 cannot be right and is not worth hashing.
        Assert.Equal(DigestOutcome.Malformed,
            Check(Encoding.ASCII.GetBytes(text.Replace("algorithm=MD5", "algorithm=SHA-256"))));
        var start = text.IndexOf("response=\"", StringComparison.Ordinal) + 10;
        var notHex = text[..start] + "g" + text[(start + 1)..];
        Assert.Equal(DigestOutcome.Malformed, Check(Encoding.ASCII.GetBytes(notHex)));
    }

    [Fact]
    public void Unparsed_credentials_are_malformed()
    {
        var context = new DigestContext(T0, s_realm, s_ip, s_key);
        DigestCredentials none = default;
        Assert.Equal(DigestOutcome.Malformed,
            _verifier.Check(none, default, s_register, default, DigestSecret.FromPassword("p"u8), context));
    }

    [Fact]
    public void Escaped_username_is_unescaped_before_hashing()
    {
        var nonce = Nonce();
        var response = DigestTestClient.Response(DigestAlgorithm.Md5, "a\"b", Realm, Password, "REGISTER", Uri, nonce);
        var header = Encoding.ASCII.GetBytes($"Digest username=\"a\\\"b\", realm=\"{Realm}\", nonce=\"{nonce}\", "
            + $"uri=\"{Uri}\", response=\"{response}\", qop=auth, nc=00000001, cnonce=\"0a4f113b\"");
        Assert.Equal(DigestOutcome.Ok, Check(header));
    }

    [Fact]
    public void Replay_protection_inputs_are_exposed()
    {
        var nonce = Nonce();
        var header = DigestTestClient.Authorization(DigestAlgorithm.Md5, User, Realm, Password, "REGISTER", Uri, nonce,
            nc: "0000002a");
        Assert.True(DigestCredentials.TryParse(header, out var credentials));
        Assert.Equal(DigestOutcome.Ok, Check(header));
        Assert.Equal(42u, credentials.NonceCount);
        Assert.Equal(nonce, Encoding.ASCII.GetString(credentials.Nonce.Slice(header)));
    }

    [Fact]
    public void Values_at_their_length_limits_verify()
    {
        var nonce = Nonce();
        var user = new string('u', DigestCredentials.MaxUsernameLength);
        var uri = "sip:" + new string('a', DigestCredentials.MaxUriLength - 4);
        var cnonce = new string('c', DigestCredentials.MaxCnonceLength);
        var header = DigestTestClient.Authorization(DigestAlgorithm.Sha256, user, Realm, Password, "REGISTER", uri,
            nonce, cnonce: cnonce);
        Assert.Equal(DigestOutcome.Ok, Check(header, requestUri: uri));
    }

    private static byte[] NewNonce(DigestVerifier verifier)
    {
        var buffer = new byte[NonceIssuer.NonceLength];
        verifier.Nonces.Issue(buffer, T0, s_key, s_realm, s_ip);
        return buffer;
    }
}
