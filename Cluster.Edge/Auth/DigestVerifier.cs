using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Cluster.Edge.Auth;

/// <summary>
/// Decides whether parsed digest credentials prove knowledge of the account's secret for a nonce
/// the cluster issued. Pure: no I/O, time and keys come in through <see cref="DigestContext"/>.
/// <para>
/// Not done here, because it needs shared state: nonce-count replay protection. After
/// <see cref="DigestOutcome.Ok"/> the caller must refuse the request unless
/// <see cref="DigestCredentials.NonceCount"/> is greater than the last nc recorded for the nonce
/// text (<see cref="DigestCredentials.Nonce"/>), and record it atomically; the record can expire at
/// <see cref="NonceIssuer.TryReadIssuedAt"/> + lifetime, when the nonce goes stale anyway.
/// </para>
/// </summary>
// Stack buffers are always written before they are read; zeroing them is wasted work per request.
[SkipLocalsInit]
internal sealed class DigestVerifier
{
    private readonly DigestOptions _options;
    private readonly NonceIssuer _nonces;

    public DigestVerifier()
        : this(new DigestOptions())
    {
    }

    public DigestVerifier(DigestOptions options)
    {
        _options = options;
        _nonces = new NonceIssuer(options);
    }

    /// <summary>The issuer configured with the same lifetime, for writing challenges.</summary>
    public NonceIssuer Nonces => _nonces;

    /// <summary>
    /// Checks <paramref name="credentials"/> parsed from <paramref name="headerValue"/>.
    /// <paramref name="requestUri"/> is compared byte for byte with the digest uri when not empty;
    /// pass empty where a proxy on the path may have rewritten the Request-URI. Never throws.
    /// </summary>
    public DigestOutcome Check(in DigestCredentials credentials, ReadOnlySpan<byte> headerValue,
        ReadOnlySpan<byte> method, ReadOnlySpan<byte> requestUri, DigestSecret secret, in DigestContext context)
    {
        if (!credentials.IsParsed)
            return DigestOutcome.Malformed;

        // Cheap refusals first; hashing is the expensive part and forged nonces should not reach it.
        Span<byte> realmBuffer = stackalloc byte[DigestCredentials.MaxRealmLength];
        var realm = Unescaped(credentials.Realm, headerValue, realmBuffer);
        if (!realm.SequenceEqual(context.Realm))
            return DigestOutcome.RealmMismatch;

        var algorithm = credentials.Algorithm;
        if (!credentials.IsAlgorithmKnown || !_options.Accepts(algorithm) || !secret.Supports(algorithm))
            return DigestOutcome.AlgorithmMismatch;

        if (credentials.Qop is DigestQop.AuthInt or DigestQop.Unknown
            || (credentials.Qop == DigestQop.None && (_options.RequireQop || algorithm.IsSession())))
        {
            return DigestOutcome.Malformed;
        }

        var hexLength = algorithm.HexLength();
        var response = credentials.Response;
        Span<byte> presented = stackalloc byte[DigestAlgorithmExtensions.MaxHexLength];
        if (response.Length != hexLength || response.HasEscapes
            || !DigestText.TryLowerHex(response.Slice(headerValue), presented))
        {
            return DigestOutcome.Malformed;
        }

        Span<byte> uriBuffer = stackalloc byte[DigestCredentials.MaxUriLength];
        var uri = Unescaped(credentials.Uri, headerValue, uriBuffer);
        if (!requestUri.IsEmpty && !uri.SequenceEqual(requestUri))
            return DigestOutcome.UriMismatch;

        // Our nonces never contain escapes, so the raw bytes are the nonce text the client hashed.
        var nonce = credentials.Nonce.Slice(headerValue);
        var nonceCheck = credentials.Nonce.HasEscapes
            ? NonceCheck.Invalid
            : _nonces.Verify(nonce, context.NowMs, context.CurrentKey, context.PreviousKey, context.Realm,
                context.Binding);
        if (nonceCheck == NonceCheck.Invalid)
            return DigestOutcome.BadNonce;

        Span<byte> ha1 = stackalloc byte[DigestAlgorithmExtensions.MaxHexLength];
        if (!TryHa1(credentials, headerValue, secret, algorithm, context.Realm, ha1))
            return DigestOutcome.WrongPassword;

        var cnonce = Unescaped(credentials.Cnonce, headerValue, stackalloc byte[DigestCredentials.MaxCnonceLength]);
        if (algorithm.IsSession())
        {
            Span<byte> sessionHa1 = stackalloc byte[DigestAlgorithmExtensions.MaxHexLength];
            DigestHash.SessionHa1(algorithm, ha1[..hexLength], nonce, cnonce, sessionHa1);
            sessionHa1.CopyTo(ha1);
        }

        Span<byte> ha2 = stackalloc byte[DigestAlgorithmExtensions.MaxHexLength];
        DigestHash.Ha2(algorithm, method, uri, ha2);

        Span<byte> expected = stackalloc byte[DigestAlgorithmExtensions.MaxHexLength];
        if (credentials.Qop == DigestQop.Auth)
        {
            DigestHash.Response(algorithm, ha1[..hexLength], nonce, credentials.NonceCountText.Slice(headerValue),
                cnonce, credentials.QopText.Slice(headerValue), ha2[..hexLength], expected);
        }
        else
        {
            DigestHash.Response(algorithm, ha1[..hexLength], nonce, ha2[..hexLength], expected);
        }

        var matches = CryptographicOperations.FixedTimeEquals(expected[..hexLength], presented[..hexLength]);
        if (!matches)
            return DigestOutcome.WrongPassword;
        // stale=true only when the digest was right for the old nonce (RFC 7616 §3.3).
        return nonceCheck == NonceCheck.Stale ? DigestOutcome.StaleNonce : DigestOutcome.Ok;
    }

    /// <summary>HA1 from the password or the stored hex; false when the stored HA1 is unusable.</summary>
    private static bool TryHa1(in DigestCredentials credentials, ReadOnlySpan<byte> headerValue, DigestSecret secret,
        DigestAlgorithm algorithm, ReadOnlySpan<byte> realm, Span<byte> ha1)
    {
        if (secret.IsPassword)
        {
            Span<byte> userBuffer = stackalloc byte[DigestCredentials.MaxUsernameLength];
            var username = Unescaped(credentials.Username, headerValue, userBuffer);
            DigestHash.Ha1(algorithm, username, realm, secret.Password, ha1);
            return true;
        }

        // A malformed stored HA1 is a provisioning fault; it can never match, so it reads as a wrong password.
        var stored = algorithm.IsSha256() ? secret.Sha256Ha1 : secret.Md5Ha1;
        return stored.Length == algorithm.HexLength() && DigestText.TryLowerHex(stored, ha1);
    }

    private static ReadOnlySpan<byte> Unescaped(DigestParamRange range, ReadOnlySpan<byte> headerValue,
        Span<byte> buffer)
    {
        var raw = range.Slice(headerValue);
        if (!range.HasEscapes)
            return raw;
        return buffer[..DigestText.Unescape(raw, buffer)];
    }
}
