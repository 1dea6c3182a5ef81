using System.Text;

namespace Cluster.Edge.Auth;

/// <summary>
/// Digest credentials from an Authorization or Proxy-Authorization header value (RFC 3261 §22.4,
/// RFC 2617 §3.2.2, RFC 7616 §3.4). Holds ranges into the header bytes, not copies: pass the same
/// header value to the accessors. Parsing is strict about structure (duplicates, missing required
/// fields, unterminated quotes, over-long values are refused) and lenient about form (token or
/// quoted value for any parameter, empty list elements, any case for names and the scheme).
/// </summary>
internal struct DigestCredentials
{
    /// <summary>Longest header value accepted; keeps offsets in 16 bits and work bounded.</summary>
    public const int MaxHeaderLength = 4096;

    /// <summary>Most auth-params accepted, unknown ones included, so a flood of junk params stays cheap.</summary>
    public const int MaxParameters = 32;

    public const int MaxUsernameLength = 256;
    public const int MaxRealmLength = 256;
    public const int MaxNonceLength = 256;
    public const int MaxUriLength = 1024;
    public const int MaxResponseLength = 128;
    public const int MaxCnonceLength = 256;
    public const int MaxOpaqueLength = 256;
    public const int MaxTokenLength = 32;

    private DigestParamRange _username;
    private DigestParamRange _realm;
    private DigestParamRange _nonce;
    private DigestParamRange _uri;
    private DigestParamRange _response;
    private DigestParamRange _algorithm;
    private DigestParamRange _cnonce;
    private DigestParamRange _opaque;
    private DigestParamRange _qop;
    private DigestParamRange _nc;
    private uint _nonceCount;
    private DigestAlgorithm _algorithmValue;
    private DigestQop _qopValue;
    private bool _algorithmKnown;
    private bool _parsed;

    /// <summary>True when this value came from a successful <see cref="TryParse"/>.</summary>
    public readonly bool IsParsed => _parsed;

    public readonly DigestParamRange Username => _username;
    public readonly DigestParamRange Realm => _realm;
    public readonly DigestParamRange Nonce => _nonce;
    public readonly DigestParamRange Uri => _uri;
    public readonly DigestParamRange Response => _response;
    public readonly DigestParamRange Cnonce => _cnonce;
    public readonly DigestParamRange Opaque => _opaque;

    /// <summary>The qop value exactly as sent; it enters the response hash verbatim.</summary>
    public readonly DigestParamRange QopText => _qop;

    /// <summary>The nc value exactly as sent (8 hex digits); it enters the response hash verbatim.</summary>
    public readonly DigestParamRange NonceCountText => _nc;

    /// <summary>The algorithm; MD5 when the parameter is absent (RFC 2617 §3.2.1).</summary>
    public readonly DigestAlgorithm Algorithm => _algorithmValue;

    /// <summary>False when an algorithm token was present but is not one we implement.</summary>
    public readonly bool IsAlgorithmKnown => _algorithmKnown;

    public readonly DigestQop Qop => _qopValue;

    /// <summary>
    /// The nonce count, 0 when no qop was sent. For replay protection the caller refuses any value
    /// not greater than the last one accepted for the same nonce.
    /// </summary>
    public readonly uint NonceCount => _nonceCount;

    /// <summary>Parses a header value such as <c>Digest username="bob", realm="x", ...</c>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out DigestCredentials credentials)
    {
        credentials = default;
        if (value.Length > MaxHeaderLength)
            return false;

        var i = SkipWhitespace(value, 0);
        if (value.Length - i < 7 || !Ascii.EqualsIgnoreCase(value.Slice(i, 6), "Digest"u8)
            || !DigestText.IsWhitespace(value[i + 6]))
        {
            return false;
        }
        i += 7;

        var parameters = 0;
        while (true)
        {
            i = SkipWhitespace(value, i);
            if (i == value.Length)
                break;
            if (value[i] == (byte)',')
            {
                // Empty list elements are allowed by the #rule (RFC 7230 §7).
                i++;
                continue;
            }

            var nameStart = i;
            while (i < value.Length && DigestText.IsTokenChar(value[i]))
                i++;
            if (i == nameStart)
                return false;
            var name = value[nameStart..i];

            i = SkipWhitespace(value, i);
            if (i == value.Length || value[i] != (byte)'=')
                return false;
            i = SkipWhitespace(value, i + 1);
            if (i == value.Length)
                return false;

            if (!TryReadValue(value, ref i, out var range))
                return false;
            if (++parameters > MaxParameters)
                return false;

            i = SkipWhitespace(value, i);
            if (i < value.Length)
            {
                if (value[i] != (byte)',')
                    return false;
                i++;
            }

            if (!credentials.TryAssign(name, range, value))
                return false;
        }

        return credentials.Complete();
    }

    /// <summary>Reads a quoted-string or a token starting at <paramref name="i"/>.</summary>
    private static bool TryReadValue(ReadOnlySpan<byte> value, ref int i, out DigestParamRange range)
    {
        range = default;
        if (value[i] == (byte)'"')
        {
            var start = ++i;
            var escaped = false;
            while (true)
            {
                if (i == value.Length)
                    return false;
                var c = value[i];
                if (c == (byte)'"')
                    break;
                if (c == (byte)'\\')
                {
                    // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F); we refuse CR and LF after it.
                    if (i + 1 == value.Length || value[i + 1] is (byte)'\r' or (byte)'\n')
                        return false;
                    escaped = true;
                    i += 2;
                    continue;
                }
                if ((c < 0x20 && c != (byte)'\t') || c == 0x7F)
                    return false;
                i++;
            }
            range = new DigestParamRange(start, i - start, escaped);
            i++;
            return true;
        }

        var tokenStart = i;
        while (i < value.Length && DigestText.IsTokenChar(value[i]))
            i++;
        if (i == tokenStart)
            return false;
        range = new DigestParamRange(tokenStart, i - tokenStart, escaped: false);
        return true;
    }

    private bool TryAssign(ReadOnlySpan<byte> name, DigestParamRange range, ReadOnlySpan<byte> value)
    {
        // Names are matched as bytes, case-insensitively (RFC 7235 §2.1); unknown ones are skipped.
        if (Ascii.EqualsIgnoreCase(name, "username"u8))
            return Set(ref _username, range, MaxUsernameLength);
        if (Ascii.EqualsIgnoreCase(name, "realm"u8))
            return Set(ref _realm, range, MaxRealmLength);
        if (Ascii.EqualsIgnoreCase(name, "nonce"u8))
            return Set(ref _nonce, range, MaxNonceLength);
        if (Ascii.EqualsIgnoreCase(name, "uri"u8))
            return Set(ref _uri, range, MaxUriLength);
        if (Ascii.EqualsIgnoreCase(name, "response"u8))
            return Set(ref _response, range, MaxResponseLength);
        if (Ascii.EqualsIgnoreCase(name, "cnonce"u8))
            return Set(ref _cnonce, range, MaxCnonceLength);
        if (Ascii.EqualsIgnoreCase(name, "opaque"u8))
            return Set(ref _opaque, range, MaxOpaqueLength);
        if (Ascii.EqualsIgnoreCase(name, "algorithm"u8))
        {
            if (!Set(ref _algorithm, range, MaxTokenLength))
                return false;
            _algorithmKnown = !range.HasEscapes
                && DigestAlgorithmExtensions.TryParse(range.Slice(value), out _algorithmValue);
            return true;
        }
        if (Ascii.EqualsIgnoreCase(name, "qop"u8))
        {
            if (!Set(ref _qop, range, MaxTokenLength))
                return false;
            var qop = range.Slice(value);
            _qopValue = Ascii.EqualsIgnoreCase(qop, "auth"u8) ? DigestQop.Auth
                : Ascii.EqualsIgnoreCase(qop, "auth-int"u8) ? DigestQop.AuthInt
                : DigestQop.Unknown;
            return true;
        }
        if (Ascii.EqualsIgnoreCase(name, "nc"u8))
            return Set(ref _nc, range, 8) && DigestText.TryParseNonceCount(range.Slice(value), out _nonceCount);
        return true;
    }

    private static bool Set(ref DigestParamRange field, DigestParamRange range, int maxLength)
    {
        if (field.IsPresent || range.Length > maxLength)
            return false;
        field = range;
        return true;
    }

    private bool Complete()
    {
        if (!_username.IsPresent || !_realm.IsPresent || !_nonce.IsPresent || !_uri.IsPresent
            || !_response.IsPresent)
        {
            return false;
        }
        // With qop the response covers nc and cnonce (RFC 2617 §3.2.2): both must be there.
        if (_qop.IsPresent && (!_cnonce.IsPresent || !_nc.IsPresent))
            return false;
        if (!_algorithm.IsPresent)
            _algorithmKnown = true;
        _parsed = true;
        return true;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> value, int i)
    {
        while (i < value.Length && DigestText.IsWhitespace(value[i]))
            i++;
        return i;
    }
}
