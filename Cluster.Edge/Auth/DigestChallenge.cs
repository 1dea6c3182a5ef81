namespace Cluster.Edge.Auth;

/// <summary>
/// Writes WWW-Authenticate (401) or Proxy-Authenticate (407) header lines, each complete with CRLF:
/// <c>WWW-Authenticate: Digest realm="r", nonce="n", algorithm=MD5, qop="auth"[, stale=true]</c>.
/// </summary>
internal static class DigestChallenge
{
    private static ReadOnlySpan<byte> WwwName => "WWW-Authenticate: Digest realm="u8;
    private static ReadOnlySpan<byte> ProxyName => "Proxy-Authenticate: Digest realm="u8;
    private static ReadOnlySpan<byte> NonceName => ", nonce="u8;
    private static ReadOnlySpan<byte> AlgorithmName => ", algorithm="u8;
    private static ReadOnlySpan<byte> QopAuth => ", qop=\"auth\""u8;
    private static ReadOnlySpan<byte> StaleTrue => ", stale=true"u8;

    /// <summary>Upper bound of one line's length, to size the destination.</summary>
    public static int MaxLength(ReadOnlySpan<byte> realm, ReadOnlySpan<byte> nonce)
        => ProxyName.Length + DigestText.QuotedLength(realm) + NonceName.Length + DigestText.QuotedLength(nonce)
            + AlgorithmName.Length + "SHA-256-sess"u8.Length + QopAuth.Length + StaleTrue.Length + 2;

    /// <summary>
    /// Writes one challenge line. False (and nothing meaningful written) when
    /// <paramref name="destination"/> is too small.
    /// </summary>
    public static bool TryWrite(Span<byte> destination, bool proxy, ReadOnlySpan<byte> realm,
        ReadOnlySpan<byte> nonce, DigestAlgorithm algorithm, bool stale, out int bytesWritten, bool qopAuth = true)
    {
        bytesWritten = 0;
        if (destination.Length < MaxLength(realm, nonce))
            return false;

        var n = Copy(proxy ? ProxyName : WwwName, destination, 0);
        n += DigestText.WriteQuoted(realm, destination[n..]);
        n = Copy(NonceName, destination, n);
        n += DigestText.WriteQuoted(nonce, destination[n..]);
        n = Copy(AlgorithmName, destination, n);
        n = Copy(algorithm.Token(), destination, n);
        if (qopAuth)
            n = Copy(QopAuth, destination, n);
        if (stale)
            n = Copy(StaleTrue, destination, n);
        n = Copy("\r\n"u8, destination, n);
        bytesWritten = n;
        return true;
    }

    /// <summary>
    /// Writes an SHA-256 challenge then an MD5 one with the same nonce: RFC 8760 §2.4 has the
    /// preferred algorithm first, and MD5 stays for the phones that know nothing else.
    /// </summary>
    public static bool TryWriteSha256AndMd5(Span<byte> destination, bool proxy, ReadOnlySpan<byte> realm,
        ReadOnlySpan<byte> nonce, bool stale, out int bytesWritten)
    {
        bytesWritten = 0;
        if (!TryWrite(destination, proxy, realm, nonce, DigestAlgorithm.Sha256, stale, out var first))
            return false;
        if (!TryWrite(destination[first..], proxy, realm, nonce, DigestAlgorithm.Md5, stale, out var second))
            return false;
        bytesWritten = first + second;
        return true;
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination, int at)
    {
        source.CopyTo(destination[at..]);
        return at + source.Length;
    }
}
