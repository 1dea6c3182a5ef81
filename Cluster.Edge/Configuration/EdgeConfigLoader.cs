using System.Globalization;
using System.Net;
using Cluster.Grains.Provisioning;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cluster.Edge.Configuration;

/// <summary>
/// Reads <see cref="EdgeSettings"/> from the shared YAML config: the <c>edge:</c> mapping and
/// <c>system.tcp_close_reset</c>. Other sections belong to the silo and are not looked at, but every key
/// under <c>edge:</c> must be known and in range: a typo there would otherwise silently leave a default.
/// </summary>
public static class EdgeConfigLoader
{
    private const int MaxSeconds = 24 * 60 * 60;

    public static EdgeSettings Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigException(path, null, null, $"cannot read the file: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses config text; <paramref name="file"/> only names the source in errors.</summary>
    public static EdgeSettings Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException(file, null, (int)e.Start.Line, $"YAML syntax error: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new EdgeSettings();
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigException(file, null, Line(stream.Documents[0].RootNode), "the top level must be a mapping of sections");
        }

        var reader = new Reader(file);
        var closeReset = false;
        if (Find(root, "system") is YamlMappingNode system && Find(system, "tcp_close_reset") is { } closeResetNode)
        {
            closeReset = reader.Boolean(closeResetNode, "system.tcp_close_reset");
        }

        var settings = Find(root, "edge") is { } edge
            ? reader.ReadEdge(edge, closeReset)
            : new EdgeSettings { TcpCloseReset = closeReset };
        return settings;
    }

    private static YamlNode? Find(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private sealed class Reader(string file)
    {
        public EdgeSettings ReadEdge(YamlNode node, bool closeReset)
        {
            var settings = new EdgeSettings { TcpCloseReset = closeReset };
            if (node is YamlScalarNode { Value: null or "" } or YamlScalarNode { Value: "~" })
            {
                return settings;
            }

            if (node is not YamlMappingNode edge)
            {
                throw new ConfigException(file, "edge", Line(node), "must be a mapping of keys");
            }

            int maxMessageBytes = settings.MaxMessageBytes, maxHeaders = settings.MaxHeaders, maxHeaderLineBytes = settings.MaxHeaderLineBytes;
            int udpReceiveLoops = settings.UdpReceiveLoops, udpReceiveBufferBytes = settings.UdpReceiveBufferBytes;
            int tcpMaxConnections = settings.TcpMaxConnections, tcpMaxConnectionsPerIp = settings.TcpMaxConnectionsPerIp;
            int idleSeconds = (int)settings.TcpIdleTimeout.TotalSeconds, transactionStoreMax = settings.TransactionStoreMax;
            int? maxHeaderLineLine = null;
            var dnsServers = settings.DnsServers;
            var dnsTimeoutMs = (int)settings.DnsTimeout.TotalMilliseconds;
            var t1Ms = (int)settings.SipT1.TotalMilliseconds;
            var ringTimeoutS = (int)settings.RingTimeout.TotalSeconds;
            var deadCallCheckS = (int)settings.DeadCallCheck.TotalSeconds;

            foreach (var (keyNode, value) in edge.Children)
            {
                var name = (keyNode as YamlScalarNode)?.Value ?? "";
                var key = "edge." + name;
                switch (name)
                {
                    // Ranges: wide enough for any real deployment, narrow enough to catch a unit mistake.
                    case "max_message_bytes": maxMessageBytes = Integer(value, key, 1024, 16 * 1024 * 1024); break;
                    case "max_headers": maxHeaders = Integer(value, key, 1, 10_000); break;
                    case "max_header_line_bytes": maxHeaderLineBytes = Integer(value, key, 64, 16 * 1024 * 1024); maxHeaderLineLine = Line(value); break;
                    case "udp_receive_loops": udpReceiveLoops = Integer(value, key, 1, 256); break;
                    case "udp_receive_buffer_bytes": udpReceiveBufferBytes = Integer(value, key, 4096, 1024 * 1024 * 1024); break;
                    case "tcp_max_connections": tcpMaxConnections = Integer(value, key, 1, 1_000_000); break;
                    case "tcp_max_connections_per_ip": tcpMaxConnectionsPerIp = Integer(value, key, 1, 1_000_000); break;
                    case "tcp_idle_timeout_s": idleSeconds = Integer(value, key, 1, MaxSeconds); break;
                    case "transaction_store_max": transactionStoreMax = Integer(value, key, 1, 100_000_000); break;
                    case "dns_servers": dnsServers = NameServers(value, key); break;
                    case "dns_timeout_ms": dnsTimeoutMs = Integer(value, key, 1, 60_000); break;
                    case "sip_t1_ms": t1Ms = Integer(value, key, 50, 10_000); break;
                    case "ring_timeout_s": ringTimeoutS = Integer(value, key, 1, 3600); break;
                    case "dead_call_check_s": deadCallCheckS = Integer(value, key, 0, 86_400); break;
                    default: throw new ConfigException(file, key, Line(keyNode), "unknown key");
                }
            }

            if (maxHeaderLineBytes > maxMessageBytes)
            {
                throw new ConfigException(file, "edge.max_header_line_bytes", maxHeaderLineLine, $"must not exceed edge.max_message_bytes ({maxMessageBytes})");
            }

            return new EdgeSettings
            {
                MaxMessageBytes = maxMessageBytes,
                MaxHeaders = maxHeaders,
                MaxHeaderLineBytes = maxHeaderLineBytes,
                UdpReceiveLoops = udpReceiveLoops,
                UdpReceiveBufferBytes = udpReceiveBufferBytes,
                TcpMaxConnections = tcpMaxConnections,
                TcpMaxConnectionsPerIp = tcpMaxConnectionsPerIp,
                TcpIdleTimeout = TimeSpan.FromSeconds(idleSeconds),
                TransactionStoreMax = transactionStoreMax,
                DnsServers = dnsServers,
                DnsTimeout = TimeSpan.FromMilliseconds(dnsTimeoutMs),
                SipT1 = TimeSpan.FromMilliseconds(t1Ms),
                RingTimeout = TimeSpan.FromSeconds(ringTimeoutS),
                DeadCallCheck = TimeSpan.FromSeconds(deadCallCheckS),
                TcpCloseReset = closeReset,
            };
        }

        // A list of IP or IP:PORT ([IPv6]:PORT); port 53 when none is written. Names are refused: they would need a name server.
        public IReadOnlyList<IPEndPoint> NameServers(YamlNode node, string key)
        {
            if (node is not YamlSequenceNode list)
            {
                throw new ConfigException(file, key, Line(node), $"expected a list such as [\"127.0.0.1:53\"], got {Describe(node)}");
            }

            var servers = new List<IPEndPoint>();
            for (var i = 0; i < list.Children.Count; i++)
            {
                var entry = list.Children[i];
                var entryKey = $"{key}[{i}]";
                var text = Scalar(entry, entryKey, "IP or IP:PORT");
                // The vendor address grammar restricted to IP literals: strict dotted quads, IPv6 bracketed when a port follows.
                if (!VendorAddress.TryParse(text, out var address) || address.Ip is not { } ip)
                {
                    throw new ConfigException(file, entryKey, Line(entry), $"expected IP or IP:PORT of a name server such as 127.0.0.1:53 or [::1]:53, got '{text}'");
                }

                servers.Add(new IPEndPoint(ip, address.Port ?? 53));
            }

            return servers;
        }

        public int Integer(YamlNode node, string key, int min, int max)
        {
            var text = Scalar(node, key, "an integer");
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw new ConfigException(file, key, Line(node), $"expected an integer, got '{text}'");
            }

            if (value < min || value > max)
            {
                throw new ConfigException(file, key, Line(node), $"{value} is out of range [{min}, {max}]");
            }

            return (int)value;
        }

        public bool Boolean(YamlNode node, string key)
        {
            var text = Scalar(node, key, "true or false");
            return text.ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                _ => throw new ConfigException(file, key, Line(node), $"expected true or false, got '{text}'"),
            };
        }

        private string Scalar(YamlNode node, string key, string expected) =>
            node is YamlScalarNode { Value: { Length: > 0 } text }
                ? text
                : throw new ConfigException(file, key, Line(node), $"expected {expected}, got {Describe(node)}");

        private static string Describe(YamlNode node) => node switch
        {
            YamlMappingNode => "a mapping",
            YamlSequenceNode => "a sequence",
            YamlScalarNode { Value: { Length: > 0 } text } => $"'{text}'",
            _ => "nothing",
        };
    }
}
