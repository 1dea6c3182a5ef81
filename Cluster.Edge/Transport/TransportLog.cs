using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Transport;

/// <summary>
/// Source-generated log messages of the transports (no formatting cost when the level is off). What a peer
/// can provoke at will (refusals, oversize, bad framing) logs at Debug and is counted in metrics instead:
/// a flood must not become a log flood.
/// </summary>
internal static partial class TransportLog
{
    [LoggerMessage(1, LogLevel.Information, "Listening on {Kind} {EndPoint}")]
    public static partial void Listening(ILogger logger, SipTransportKind kind, IPEndPoint endPoint);

    [LoggerMessage(2, LogLevel.Information, "Stopped {Kind} {EndPoint}")]
    public static partial void Stopped(ILogger logger, SipTransportKind kind, IPEndPoint endPoint);

    [LoggerMessage(3, LogLevel.Error, "Message handler threw on {Kind} from {Remote}; message dropped")]
    public static partial void HandlerFault(ILogger logger, Exception exception, SipTransportKind kind, IPEndPoint remote);

    [LoggerMessage(4, LogLevel.Debug, "UDP receive on {EndPoint} failed with {Error}; continuing")]
    public static partial void UdpReceiveError(ILogger logger, IPEndPoint endPoint, SocketError error);

    [LoggerMessage(5, LogLevel.Debug, "UDP datagram from {Remote} exceeds {Limit} bytes; dropped")]
    public static partial void UdpOversize(ILogger logger, IPEndPoint remote, int limit);

    [LoggerMessage(6, LogLevel.Error, "UDP receive loop on {EndPoint} failed unexpectedly; continuing")]
    public static partial void UdpLoopFault(ILogger logger, Exception exception, IPEndPoint endPoint);

    [LoggerMessage(7, LogLevel.Debug, "UDP send to {Remote} failed with {Error}")]
    public static partial void UdpSendError(ILogger logger, IPEndPoint remote, SocketError error);

    [LoggerMessage(8, LogLevel.Debug, "TCP connection from {Remote} refused: {Reason}")]
    public static partial void TcpRefused(ILogger logger, IPEndPoint remote, string reason);

    [LoggerMessage(9, LogLevel.Debug, "TCP connection from {Remote} accepted")]
    public static partial void TcpAccepted(ILogger logger, IPEndPoint remote);

    [LoggerMessage(10, LogLevel.Debug, "TCP connection from {Remote} closed ({Reason})")]
    public static partial void TcpClosed(ILogger logger, IPEndPoint remote, string reason);

    [LoggerMessage(11, LogLevel.Debug, "TCP stream from {Remote} cannot be framed; closing")]
    public static partial void TcpFramingInvalid(ILogger logger, IPEndPoint remote);

    [LoggerMessage(12, LogLevel.Error, "TCP accept on {EndPoint} failed; continuing")]
    public static partial void TcpAcceptFault(ILogger logger, Exception exception, IPEndPoint endPoint);

    [LoggerMessage(13, LogLevel.Debug, "TCP connection from {Remote} failed")]
    public static partial void TcpConnectionFault(ILogger logger, Exception exception, IPEndPoint remote);

    [LoggerMessage(14, LogLevel.Warning, "TCP connection to {Remote} could not be made ({Reason}); the request to it is not sent")]
    public static partial void TcpConnectFailed(ILogger logger, IPEndPoint remote, string reason);
}
