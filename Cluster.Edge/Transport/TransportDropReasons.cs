namespace Cluster.Edge.Transport;

/// <summary>Constant reasons the transports give <see cref="Metrics.EdgeMetrics.CountDrop"/>; a fixed set keeps cardinality bounded.</summary>
internal static class TransportDropReasons
{
    public const string HandlerFault = "transport_handler_fault";
    public const string UdpOversize = "udp_oversize";
    public const string UdpReceiveError = "udp_receive_error";
    public const string TcpFramingInvalid = "tcp_framing_invalid";
    public const string TcpConnectionLimit = "tcp_connection_limit";
    public const string TcpConnectionLimitPerIp = "tcp_connection_limit_per_ip";
    public const string TcpIdleTimeout = "tcp_idle_timeout";
}
