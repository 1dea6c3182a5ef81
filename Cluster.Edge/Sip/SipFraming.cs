namespace Cluster.Edge.Sip;

/// <summary>How the message boundaries are known (RFC 3261 §18.3).</summary>
public enum SipFraming
{
    /// <summary>
    /// The input is one whole datagram. Without Content-Length the body is the rest of the datagram;
    /// octets beyond Content-Length are ignored; a body shorter than Content-Length is an error.
    /// </summary>
    Datagram,

    /// <summary>
    /// The input is the head of a byte stream. Content-Length decides where the message ends; a missing
    /// Content-Length means an empty body (the inspector rejects such requests with 400).
    /// </summary>
    Stream,
}
