namespace Cluster.Edge.Configuration;

/// <summary>
/// Local limits of one edge process, from the <c>edge:</c> section of the config file
/// (plus <c>system.tcp_close_reset</c>). Defaults are what an edge uses when a key is absent.
/// </summary>
public sealed class EdgeSettings
{
    /// <summary>edge.max_message_bytes: larger messages are refused before any length is trusted. Default 65536.</summary>
    public int MaxMessageBytes { get; init; } = 65536;

    /// <summary>edge.max_headers: header lines per message. Default 128.</summary>
    public int MaxHeaders { get; init; } = 128;

    /// <summary>edge.max_header_line_bytes: bytes in one (unfolded) header line. Default 8192.</summary>
    public int MaxHeaderLineBytes { get; init; } = 8192;

    /// <summary>edge.udp_receive_loops: concurrent receive loops per UDP socket. Default 4.</summary>
    public int UdpReceiveLoops { get; init; } = 4;

    /// <summary>edge.udp_receive_buffer_bytes: SO_RCVBUF asked of the kernel. Default 8 MiB.</summary>
    public int UdpReceiveBufferBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>edge.tcp_max_connections: open TCP connections in total. Default 10000.</summary>
    public int TcpMaxConnections { get; init; } = 10000;

    /// <summary>edge.tcp_max_connections_per_ip: open TCP connections from one source address. Default 10 (connlimit).</summary>
    public int TcpMaxConnectionsPerIp { get; init; } = 10;

    /// <summary>edge.tcp_idle_timeout_s: a connection silent this long is closed. Default 120 s.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>edge.transaction_store_max: server transactions remembered for retransmissions. Default 400000.</summary>
    public int TransactionStoreMax { get; init; } = 400_000;

    /// <summary>
    /// edge.dns_servers: name servers asked for vendor addresses that are names (<c>IP</c> or <c>IP:port</c>, port 53
    /// when none is written), in order. Default empty: the system's (<c>/etc/resolv.conf</c>).
    /// </summary>
    public IReadOnlyList<System.Net.IPEndPoint> DnsServers { get; init; } = [];

    /// <summary>edge.dns_timeout_ms: how long resolving one vendor name may take, SRV and A/AAAA together. Default 2000 ms.</summary>
    public TimeSpan DnsTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>edge.sip_t1_ms: RFC 3261 T1, the round-trip estimate retransmissions start from (Timer B = 64·T1). Default 500 ms.</summary>
    public TimeSpan SipT1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>edge.ring_timeout_s: Timer C, how long a vendor may ring without answering before the next is tried. Default 180 s.</summary>
    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>edge.dead_call_check_s: in-dialog OPTIONS into each leg of an answered call this often; a leg that stops answering ends the call. 0: never. Default 60 s.</summary>
    public TimeSpan DeadCallCheck { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>system.tcp_close_reset (SS_TCP_CLOSE_RESET): close TCP with RST (true) or FIN (false). Default false.</summary>
    public bool TcpCloseReset { get; init; }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> for values no transport can run with. The config loader
    /// checks narrower ranges with file and line; this guards settings built in code (tests, benchmarks).
    /// </summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageBytes, 64, nameof(MaxMessageBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeaders, 1, nameof(MaxHeaders));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeaderLineBytes, 1, nameof(MaxHeaderLineBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(UdpReceiveLoops, 1, nameof(UdpReceiveLoops));
        ArgumentOutOfRangeException.ThrowIfNegative(UdpReceiveBufferBytes, nameof(UdpReceiveBufferBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(TcpMaxConnections, 1, nameof(TcpMaxConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(TcpMaxConnectionsPerIp, 1, nameof(TcpMaxConnectionsPerIp));
        ArgumentOutOfRangeException.ThrowIfLessThan(TransactionStoreMax, 1, nameof(TransactionStoreMax));
        if (DnsTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DnsTimeout), DnsTimeout, "must be positive");
        }

        if (TcpIdleTimeout <= TimeSpan.Zero && TcpIdleTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(TcpIdleTimeout), TcpIdleTimeout, "must be positive or infinite");
        }
    }
}
