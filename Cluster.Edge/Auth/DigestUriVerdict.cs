namespace Cluster.Edge.Auth;

/// <summary>
/// Whether the <c>uri</c> of an Authorization or Proxy-Authorization names this server for this request
/// (<see cref="DigestUriCheck"/>). Only the first two are accepted; the others get 400 and never count as a
/// failed login: a client that names the target its own way has not guessed a password.
/// </summary>
internal enum DigestUriVerdict : byte
{
    /// <summary>Byte for byte the Request-URI: what RFC 3261 §22.4 clients send.</summary>
    SameAsRequestUri,

    /// <summary>Written another way but naming this server for this request (SIPp adds the port it sent to).</summary>
    NamesThisServer,

    /// <summary>Not a URI at all.</summary>
    Unparsable,

    /// <summary>sip against sips, or tel against sip: another kind of target.</summary>
    OtherScheme,

    /// <summary>A user (dialled number) other than the Request-URI's: credentials for another call.</summary>
    OtherUser,

    /// <summary>A host that is neither the Request-URI's nor one of this edge's addresses.</summary>
    OtherHost,

    /// <summary>A port this edge does not listen on (and not the Request-URI's).</summary>
    OtherPort,
}
