using System.Net;

namespace Cluster.Edge.Transport;

/// <summary>
/// The way back to whoever sent a message: the UDP socket it arrived on, or the TCP connection.
/// Protocol code decides where a response goes (RFC 3261 §18.2.2, RFC 3581); the channel only moves bytes.
/// </summary>
public interface ISipReplyChannel
{
    SipTransportKind Kind { get; }

    IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Sends one whole SIP message. UDP sends a datagram to <paramref name="remote"/>; TCP writes on
    /// this connection and ignores <paramref name="remote"/>. Returns false when it could not be sent
    /// (connection closed, socket error); never throws.
    /// </summary>
    bool Send(ReadOnlySpan<byte> message, IPEndPoint remote);
}
