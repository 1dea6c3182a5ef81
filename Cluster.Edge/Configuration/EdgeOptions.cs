using System.Net;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Configuration;

/// <summary>The edge's command line. <see cref="Parse"/> is pure: it reads arguments and touches nothing else.</summary>
public sealed class EdgeOptions
{
    public const string Usage =
        """
        Usage: Cluster.Edge [options]

          --config FILE            YAML config; its edge: section and system.tcp_close_reset are read
                                   (built-in defaults when absent)
          --redis CONN             Redis connection string of the cluster state
          --listen KIND:IP:PORT    listen for SIP; KIND is udp or tcp, IPv6 in brackets
                                   (udp:[::1]:5060); repeatable; port 0 picks a free port
                                   (default: udp:127.0.0.1:5060 and tcp:127.0.0.1:5060)
          --metrics http://IP:PORT serve GET /metrics (Prometheus) and GET /healthz
          --help                   show this text

        Once listening the edge prints one line: edge ready <kind>:<ip>:<port>... [metrics:http://ip:port]
        Exit codes: 0 stopped by SIGINT/SIGTERM, 1 could not start (bind), 2 bad arguments or config.
        """;

    public static IReadOnlyList<ListenAddress> DefaultListen { get; } =
    [
        new ListenAddress(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 5060)),
        new ListenAddress(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Loopback, 5060)),
    ];

    public string? ConfigPath { get; init; }

    public string? Redis { get; init; }

    public IReadOnlyList<ListenAddress> Listen { get; init; } = DefaultListen;

    public IPEndPoint? Metrics { get; init; }

    public bool ShowHelp { get; init; }

    /// <summary>Parses the arguments; on failure <see cref="EdgeOptionsParseResult.Error"/> says which one and why.</summary>
    public static EdgeOptionsParseResult Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? config = null;
        string? redis = null;
        IPEndPoint? metrics = null;
        var listen = new List<ListenAddress>();

        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (flag is "--help" or "-h")
            {
                return EdgeOptionsParseResult.Ok(new EdgeOptions { ShowHelp = true });
            }

            if (flag is not ("--config" or "--redis" or "--listen" or "--metrics"))
            {
                return EdgeOptionsParseResult.Fail($"unknown argument '{flag}'");
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return EdgeOptionsParseResult.Fail($"{flag} needs a value");
            }

            var value = args[++i];
            switch (flag)
            {
                case "--config":
                    config = value;
                    break;
                case "--redis":
                    redis = value;
                    break;
                case "--listen":
                    if (!ListenAddress.TryParse(value, out var address))
                    {
                        return EdgeOptionsParseResult.Fail($"--listen '{value}' is not udp:IP:PORT or tcp:IP:PORT (IPv6 as udp:[::1]:5060)");
                    }

                    listen.Add(address);
                    break;
                default:
                    if (!TryParseMetrics(value, out metrics))
                    {
                        return EdgeOptionsParseResult.Fail($"--metrics '{value}' is not http://IP:PORT");
                    }

                    break;
            }
        }

        return EdgeOptionsParseResult.Ok(new EdgeOptions
        {
            ConfigPath = config,
            Redis = redis,
            Listen = listen.Count == 0 ? DefaultListen : listen,
            Metrics = metrics,
        });
    }

    private static bool TryParseMetrics(string value, out IPEndPoint? endPoint)
    {
        endPoint = null;
        const string scheme = "http://";
        if (!value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = value[scheme.Length..];
        if (rest.EndsWith('/'))
        {
            rest = rest[..^1];
        }

        if (!ListenAddress.TryParseEndPoint(rest, out var parsed))
        {
            return false;
        }

        endPoint = parsed;
        return true;
    }
}
