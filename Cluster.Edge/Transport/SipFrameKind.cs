namespace Cluster.Edge.Transport;

/// <summary>What <see cref="SipStreamFramer"/> found at the start of a stream buffer.</summary>
public enum SipFrameKind
{
    /// <summary>No verdict yet: the buffer holds a prefix of something; read more.</summary>
    NeedMore,

    /// <summary>A whole SIP message of the returned length (headers plus Content-Length body).</summary>
    Message,

    /// <summary>An RFC 5626 double-CRLF keep-alive ping of the returned length; answer with one CRLF.</summary>
    Ping,

    /// <summary>Stray CRLF before a start line (RFC 3261 §7.5, or a peer's pong): drop the returned length.</summary>
    Skip,

    /// <summary>The stream cannot be framed (oversize, bad Content-Length): the connection must be closed.</summary>
    Invalid,
}
