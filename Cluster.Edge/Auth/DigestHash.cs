using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Cluster.Edge.Auth;

/// <summary>
/// The digest computations of RFC 2617 §3.2.2 and RFC 7616 §3.4, written as lower-case hex into
/// caller spans. Inputs are joined with ':' in a stack buffer (pooled array past 1 KiB) and hashed
/// with a per-thread hash instance, so nothing is allocated per request.
/// </summary>
// Stack buffers are always written before they are read; zeroing them is wasted work per request.
[SkipLocalsInit]
internal static class DigestHash
{
    private const int StackLimit = 1024;

    // Reused per thread: the one-shot HashData sets up a native context on every call.
    [ThreadStatic] private static IncrementalHash? t_md5;
    [ThreadStatic] private static IncrementalHash? t_sha256;

    /// <summary>HA1 = H(username:realm:password). Returns the hex length written.</summary>
    public static int Ha1(DigestAlgorithm algorithm, ReadOnlySpan<byte> username, ReadOnlySpan<byte> realm,
        ReadOnlySpan<byte> password, Span<byte> hexDestination)
        => HashJoined(algorithm.Base(), hexDestination, username, realm, password, default, default, default, 3);

    /// <summary>
    /// The -sess HA1 = H(HA1:nonce:cnonce) (RFC 7616 §3.4.2), from the plain HA1 as hex. The result
    /// may be written over <paramref name="ha1Hex"/>'s own buffer only if it is a different span.
    /// </summary>
    public static int SessionHa1(DigestAlgorithm algorithm, ReadOnlySpan<byte> ha1Hex, ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> cnonce, Span<byte> hexDestination)
        => HashJoined(algorithm.Base(), hexDestination, ha1Hex, nonce, cnonce, default, default, default, 3);

    /// <summary>HA2 = H(method:uri) for qop=auth or no qop.</summary>
    public static int Ha2(DigestAlgorithm algorithm, ReadOnlySpan<byte> method, ReadOnlySpan<byte> uri,
        Span<byte> hexDestination)
        => HashJoined(algorithm.Base(), hexDestination, method, uri, default, default, default, default, 2);

    /// <summary>response = H(HA1:nonce:nc:cnonce:qop:HA2), the qop=auth form.</summary>
    public static int Response(DigestAlgorithm algorithm, ReadOnlySpan<byte> ha1Hex, ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> nonceCount, ReadOnlySpan<byte> cnonce, ReadOnlySpan<byte> qop, ReadOnlySpan<byte> ha2Hex,
        Span<byte> hexDestination)
        => HashJoined(algorithm.Base(), hexDestination, ha1Hex, nonce, nonceCount, cnonce, qop, ha2Hex, 6);

    /// <summary>response = H(HA1:nonce:HA2), the RFC 2069 form used when no qop is sent.</summary>
    public static int Response(DigestAlgorithm algorithm, ReadOnlySpan<byte> ha1Hex, ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> ha2Hex, Span<byte> hexDestination)
        => HashJoined(algorithm.Base(), hexDestination, ha1Hex, nonce, ha2Hex, default, default, default, 3);

    private static int HashJoined(DigestAlgorithm algorithm, Span<byte> hexDestination,
        ReadOnlySpan<byte> p0, ReadOnlySpan<byte> p1, ReadOnlySpan<byte> p2,
        ReadOnlySpan<byte> p3, ReadOnlySpan<byte> p4, ReadOnlySpan<byte> p5, int parts)
    {
        var total = p0.Length + p1.Length + p2.Length + p3.Length + p4.Length + p5.Length + parts - 1;
        byte[]? rented = null;
        var buffer = total <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(total));

        var n = 0;
        Append(buffer, ref n, p0, last: parts == 1);
        Append(buffer, ref n, p1, last: parts == 2);
        if (parts > 2)
            Append(buffer, ref n, p2, last: parts == 3);
        if (parts > 3)
            Append(buffer, ref n, p3, last: parts == 4);
        if (parts > 4)
            Append(buffer, ref n, p4, last: parts == 5);
        if (parts > 5)
            Append(buffer, ref n, p5, last: true);

        Span<byte> digest = stackalloc byte[DigestAlgorithmExtensions.MaxHashBytes];
        var input = buffer[..n];
        var hash = algorithm == DigestAlgorithm.Sha256
            ? t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256)
            : t_md5 ??= IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        hash.AppendData(input);
        var size = hash.GetHashAndReset(digest);

        if (rented is not null)
            ArrayPool<byte>.Shared.Return(rented, clearArray: true); // may hold a password
        return DigestText.WriteLowerHex(digest[..size], hexDestination);
    }

    private static void Append(Span<byte> buffer, ref int n, ReadOnlySpan<byte> part, bool last)
    {
        part.CopyTo(buffer[n..]);
        n += part.Length;
        if (!last)
            buffer[n++] = (byte)':';
    }
}
