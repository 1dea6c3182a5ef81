using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Transport;

/// <summary>The way back over UDP: a datagram from the socket the request arrived on (RFC 3261 §18.2.2).</summary>
internal sealed class UdpReplyChannel(Socket socket, IPEndPoint localEndPoint, ILogger logger) : ISipReplyChannel
{
    public SipTransportKind Kind => SipTransportKind.Udp;

    public IPEndPoint LocalEndPoint { get; } = localEndPoint;

    public bool Send(ReadOnlySpan<byte> message, IPEndPoint remote)
    {
        try
        {
            // Datagrams go out whole or not at all; a short count would mean a truncated SIP message.
            return socket.SendTo(message, SocketFlags.None, remote) == message.Length;
        }
        catch (SocketException e)
        {
            TransportLog.UdpSendError(logger, remote, e.SocketErrorCode);
            return false;
        }
        catch (ObjectDisposedException)
        {
            // Stopping: the socket is gone, the reply is simply lost like any datagram.
            return false;
        }
    }
}
