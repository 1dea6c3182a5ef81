using System.Net;

namespace Cluster.Edge.Transport;

/// <summary>
/// One whole SIP message as the transport framed it: a UDP datagram, or one Content-Length-framed
/// message from a TCP stream. <see cref="Bytes"/> is a pooled buffer valid only during the handler call;
/// a handler that needs the bytes later copies them.
/// </summary>
public readonly struct InboundMessage(ReadOnlyMemory<byte> bytes, IPEndPoint remote, ISipReplyChannel channel)
{
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    public IPEndPoint Remote { get; } = remote;

    public ISipReplyChannel Channel { get; } = channel;
}
