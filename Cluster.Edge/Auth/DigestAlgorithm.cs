namespace Cluster.Edge.Auth;

/// <summary>
/// Digest hash algorithms (RFC 7616 §3.3, RFC 8760 for SIP). The zero value is MD5 because
/// an Authorization without an <c>algorithm</c> parameter means MD5 (RFC 2617 §3.2.1).
/// </summary>
internal enum DigestAlgorithm : byte
{
    Md5 = 0,
    Md5Sess = 1,
    Sha256 = 2,
    Sha256Sess = 3,
}
