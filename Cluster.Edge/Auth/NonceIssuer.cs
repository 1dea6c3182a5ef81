using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Cluster.Edge.Auth;

/// <summary>
/// Stateless nonces any edge can verify with the cluster key:
/// base64url(issuedAtMs (8, big-endian) | random (8) | first 16 bytes of HMAC-SHA256(key,
/// issuedAt | random | realm length (2) | realm | binding)). The length prefix keeps realm and
/// binding from sliding into each other. Keys and time are passed in; nothing here is stateful.
/// </summary>
// Stack buffers are always written before they are read; zeroing them is wasted work per request.
[SkipLocalsInit]
internal sealed class NonceIssuer
{
    /// <summary>Characters in a nonce: 32 bytes in unpadded base64url.</summary>
    public const int NonceLength = 43;

    /// <summary>Longest binding (for example source address bytes and port) accepted.</summary>
    public const int MaxBindingLength = 64;

    private const int RawLength = 32;
    private const int MacLength = 16;
    private const int SignedLength = 16;
    private const int MaxMacInput = SignedLength + 2 + DigestCredentials.MaxRealmLength + MaxBindingLength;

    private readonly long _lifetimeMs;
    private readonly long _skewMs;

    public NonceIssuer()
        : this(new DigestOptions())
    {
    }

    public NonceIssuer(DigestOptions options)
    {
        _lifetimeMs = (long)options.NonceLifetime.TotalMilliseconds;
        _skewMs = (long)options.MaxClockSkew.TotalMilliseconds;
    }

    /// <summary>
    /// Writes a fresh nonce (<see cref="NonceLength"/> bytes) and returns its length, or 0 when the
    /// destination is too small, the key is empty, or realm or binding exceed their limits.
    /// </summary>
    public int Issue(Span<byte> destination, long nowMs, ReadOnlySpan<byte> key, ReadOnlySpan<byte> realm,
        ReadOnlySpan<byte> binding)
    {
        if (destination.Length < NonceLength || key.IsEmpty
            || realm.Length > DigestCredentials.MaxRealmLength || binding.Length > MaxBindingLength)
        {
            return 0;
        }

        Span<byte> raw = stackalloc byte[RawLength];
        BinaryPrimitives.WriteInt64BigEndian(raw, nowMs);
        RandomNumberGenerator.Fill(raw.Slice(8, 8));
        Mac(key, raw[..SignedLength], realm, binding, raw[SignedLength..]);
        return Base64UrlEncode(raw, destination);
    }

    /// <summary>
    /// Checks a nonce presented by a client. Authenticity is decided first (current key, then the
    /// previous one during rotation; pass an empty span for none), then age. Never throws.
    /// </summary>
    public NonceCheck Verify(ReadOnlySpan<byte> nonce, long nowMs, ReadOnlySpan<byte> currentKey,
        ReadOnlySpan<byte> previousKey, ReadOnlySpan<byte> realm, ReadOnlySpan<byte> binding)
    {
        Span<byte> raw = stackalloc byte[RawLength];
        if (!TryDecode(nonce, raw) || currentKey.IsEmpty
            || realm.Length > DigestCredentials.MaxRealmLength || binding.Length > MaxBindingLength)
        {
            return NonceCheck.Invalid;
        }

        Span<byte> expected = stackalloc byte[MacLength];
        var signed = raw[..SignedLength];
        var presented = raw[SignedLength..];
        Mac(currentKey, signed, realm, binding, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            if (previousKey.IsEmpty)
                return NonceCheck.Invalid;
            Mac(previousKey, signed, realm, binding, expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, presented))
                return NonceCheck.Invalid;
        }

        var issuedAtMs = BinaryPrimitives.ReadInt64BigEndian(raw);
        // Compared as differences of values we signed ourselves, so no overflow in practice;
        // the unsigned form also keeps a hostile clock (nowMs far off) from wrapping.
        if (issuedAtMs > nowMs)
            return (ulong)(issuedAtMs - nowMs) > (ulong)_skewMs ? NonceCheck.Stale : NonceCheck.Valid;
        return (ulong)(nowMs - issuedAtMs) > (ulong)_lifetimeMs ? NonceCheck.Stale : NonceCheck.Valid;
    }

    /// <summary>
    /// Reads the issue time of a well-formed nonce without authenticating it: for the replay store
    /// to expire its nc record when the nonce would go stale anyway. Verify first.
    /// </summary>
    public static bool TryReadIssuedAt(ReadOnlySpan<byte> nonce, out long issuedAtMs)
    {
        Span<byte> raw = stackalloc byte[RawLength];
        if (!TryDecode(nonce, raw))
        {
            issuedAtMs = 0;
            return false;
        }
        issuedAtMs = BinaryPrimitives.ReadInt64BigEndian(raw);
        return true;
    }

    private static void Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> realm,
        ReadOnlySpan<byte> binding, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[MaxMacInput];
        signed.CopyTo(input);
        var n = signed.Length;
        BinaryPrimitives.WriteUInt16BigEndian(input[n..], (ushort)realm.Length);
        n += 2;
        realm.CopyTo(input[n..]);
        n += realm.Length;
        binding.CopyTo(input[n..]);
        n += binding.Length;

        Span<byte> mac = stackalloc byte[NonceMac.Length];
        NonceMac.Compute(key, input[..n], mac);
        mac[..MacLength].CopyTo(destination);
    }

    private static ReadOnlySpan<byte> Alphabet => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8;

    private static int Base64UrlEncode(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var alphabet = Alphabet;
        var n = 0;
        var i = 0;
        for (; i + 3 <= raw.Length; i += 3)
        {
            var v = (raw[i] << 16) | (raw[i + 1] << 8) | raw[i + 2];
            destination[n++] = alphabet[(v >> 18) & 63];
            destination[n++] = alphabet[(v >> 12) & 63];
            destination[n++] = alphabet[(v >> 6) & 63];
            destination[n++] = alphabet[v & 63];
        }
        // 32 bytes leave two: three characters, no padding.
        var last = (raw[i] << 16) | (raw[i + 1] << 8);
        destination[n++] = alphabet[(last >> 18) & 63];
        destination[n++] = alphabet[(last >> 12) & 63];
        destination[n++] = alphabet[(last >> 6) & 63];
        return n;
    }

    /// <summary>
    /// Strict decode: exactly <see cref="NonceLength"/> base64url characters and zero unused bits,
    /// so each nonce has one spelling (the replay store keys on the text).
    /// </summary>
    private static bool TryDecode(ReadOnlySpan<byte> text, Span<byte> raw)
    {
        if (text.Length != NonceLength)
            return false;
        var n = 0;
        var i = 0;
        for (; i + 4 <= text.Length; i += 4)
        {
            int a = Sextet(text[i]), b = Sextet(text[i + 1]), c = Sextet(text[i + 2]), d = Sextet(text[i + 3]);
            if ((a | b | c | d) < 0)
                return false;
            var v = (a << 18) | (b << 12) | (c << 6) | d;
            raw[n++] = (byte)(v >> 16);
            raw[n++] = (byte)(v >> 8);
            raw[n++] = (byte)v;
        }
        int x = Sextet(text[i]), y = Sextet(text[i + 1]), z = Sextet(text[i + 2]);
        if ((x | y | z) < 0 || (z & 3) != 0)
            return false;
        var w = (x << 18) | (y << 12) | (z << 6);
        raw[n++] = (byte)(w >> 16);
        raw[n] = (byte)(w >> 8);
        return true;
    }

    private static int Sextet(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c - 'A',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 52,
        (byte)'-' => 62,
        (byte)'_' => 63,
        _ => -1,
    };
}
