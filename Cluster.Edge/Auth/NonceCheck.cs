namespace Cluster.Edge.Auth;

/// <summary>Verdict on a nonce presented back to us (see <see cref="NonceIssuer.Verify"/>).</summary>
internal enum NonceCheck : byte
{
    /// <summary>Issued by the cluster for this realm and binding, within its lifetime.</summary>
    Valid = 0,

    /// <summary>
    /// Authentic, but older than the lifetime or dated beyond the allowed clock skew in the future:
    /// the client should be re-challenged with <c>stale=true</c> so it retries without asking the user.
    /// </summary>
    Stale = 1,

    /// <summary>Malformed, forged, for another realm or binding, or signed by a key no longer accepted.</summary>
    Invalid = 2,
}
