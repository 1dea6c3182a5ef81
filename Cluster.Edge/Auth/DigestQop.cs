namespace Cluster.Edge.Auth;

/// <summary>The <c>qop</c> a client chose in its credentials (RFC 2617 §3.2.2).</summary>
internal enum DigestQop : byte
{
    /// <summary>No qop: the RFC 2069 response without nc or cnonce.</summary>
    None = 0,
    Auth = 1,
    /// <summary>auth-int: never offered by us, so never accepted by the verifier.</summary>
    AuthInt = 2,
    /// <summary>A token we do not know.</summary>
    Unknown = 3,
}
