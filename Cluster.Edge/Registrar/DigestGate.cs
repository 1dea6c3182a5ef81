using System.Net;
using System.Text;
using Cluster.Edge.Auth;
using Cluster.Grains;

namespace Cluster.Edge.Registrar;

/// <summary>
/// The synchronous digest step of a request: issue challenges and check Authorization headers with
/// the cluster key, so any edge verifies a nonce any other edge issued. No I/O here; the caller
/// brings the keys and the account's secret.
/// </summary>
internal sealed class DigestGate(DigestOptions options, string realm, bool offerSha256)
{
    // Unknown users are checked against this, so that answering them costs the same as a known
    // user with a wrong password: neither timing nor answers enumerate accounts.
    private static readonly byte[] s_decoyPassword = Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N"));

    private readonly DigestVerifier _verifier = new(options);
    private readonly byte[] _realm = Encoding.UTF8.GetBytes(realm);

    public string Realm { get; } = realm;

    /// <summary>This edge's listening addresses, for judging the digest uri; set once the transports are bound.</summary>
    public ServerAddresses Ours { get; set; } = ServerAddresses.None;

    /// <summary>How long a nonce verifies; also how long its nonce-count must be remembered.</summary>
    public TimeSpan NonceLifetime => options.NonceLifetime;

    /// <summary>The WWW-Authenticate line(s) of a fresh challenge, ready to append to a response.</summary>
    public byte[] Challenge(long nowMs, ClusterKeys keys, bool stale, bool proxy = false)
    {
        Span<byte> nonce = stackalloc byte[NonceIssuer.NonceLength];
        var nonceLength = _verifier.Nonces.Issue(nonce, nowMs, keys.Current, _realm, default);
        nonce = nonce[..nonceLength];
        Span<byte> line = stackalloc byte[2 * DigestChallenge.MaxLength(_realm, nonce)];
        var ok = offerSha256
            ? DigestChallenge.TryWriteSha256AndMd5(line, proxy, _realm, nonce, stale, out var written)
            : DigestChallenge.TryWrite(line, proxy, _realm, nonce, DigestAlgorithm.Md5, stale, out written);
        return ok ? line[..written].ToArray() : [];
    }

    /// <summary>
    /// Checks credentials; <paramref name="password"/> null means the user is unknown. The digest uri is judged
    /// first (<see cref="DigestUriCheck"/>): one naming another target is <see cref="DigestOutcome.UriMismatch"/>
    /// before any user or password is looked at, so it can never count as a guess. <paramref name="arrivedOn"/> is
    /// the local address the request came in on.
    /// </summary>
    public DigestResult Check(ReadOnlySpan<byte> authorization, ReadOnlySpan<byte> method, ReadOnlySpan<byte> requestUri, IPEndPoint? arrivedOn, string expectedUser, string? password, long nowMs, ClusterKeys keys)
    {
        if (!DigestCredentials.TryParse(authorization, out var credentials))
        {
            return new DigestResult(DigestOutcome.Malformed, string.Empty, 0);
        }

        var nonce = Encoding.ASCII.GetString(credentials.Nonce.Slice(authorization));
        Span<byte> uriBuffer = stackalloc byte[DigestCredentials.MaxUriLength];
        var raw = credentials.Uri.Slice(authorization);
        ReadOnlySpan<byte> uri = credentials.Uri.HasEscapes ? uriBuffer[..DigestText.Unescape(raw, uriBuffer)] : raw;

        if (!DigestUriCheck.Check(uri, requestUri, Ours, arrivedOn).IsAccepted())
        {
            return new DigestResult(DigestOutcome.UriMismatch, nonce, credentials.NonceCount);
        }

        var username = credentials.Username.Slice(authorization);
        if (!username.SequenceEqual(Encoding.UTF8.GetBytes(expectedUser)))
        {
            // Credentials of one account presented for another's bindings: a hijack attempt.
            return new DigestResult(DigestOutcome.WrongPassword, nonce, credentials.NonceCount);
        }

        var secret = DigestSecret.FromPassword(password is null ? s_decoyPassword : Encoding.UTF8.GetBytes(password));
        // The uri is judged above; the verifier hashes HA2 over it as sent (empty: no byte comparison).
        var outcome = _verifier.Check(credentials, authorization, method, default, secret, new DigestContext(nowMs, _realm, default, keys.Current, keys.Previous));
        if (password is null && outcome == DigestOutcome.Ok)
        {
            outcome = DigestOutcome.WrongPassword;
        }

        return new DigestResult(outcome, nonce, credentials.NonceCount);
    }
}
