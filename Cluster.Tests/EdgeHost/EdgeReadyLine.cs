using System.Net;
using Cluster.Edge.Configuration;
using Cluster.Edge.Transport;

namespace Cluster.Tests.EdgeHost;

/// <summary>The parsed <c>edge ready udp:IP:PORT tcp:IP:PORT metrics:http://IP:PORT</c> line of a started edge.</summary>
public sealed record EdgeReadyLine(string Line, IReadOnlyList<ListenAddress> Listen, IPEndPoint? Metrics)
{
    public const string Prefix = "edge ready";

    /// <summary>The first UDP address bound.</summary>
    public IPEndPoint Udp => Listen.First(l => l.Kind == SipTransportKind.Udp).EndPoint;

    /// <summary>The first TCP address bound.</summary>
    public IPEndPoint Tcp => Listen.First(l => l.Kind == SipTransportKind.Tcp).EndPoint;

    /// <summary>Base address of the metrics endpoint (<c>http://IP:PORT/</c>).</summary>
    public Uri MetricsUri => new($"http://{Metrics ?? throw new InvalidOperationException("the edge was started without --metrics")}/");

    public static EdgeReadyLine Parse(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException($"not a ready line: '{line}'");
        }

        var listen = new List<ListenAddress>();
        IPEndPoint? metrics = null;
        foreach (var part in line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("metrics:http://", StringComparison.Ordinal))
            {
                metrics = ListenAddress.TryParseEndPoint(part["metrics:http://".Length..], out var endPoint)
                    ? endPoint
                    : throw new FormatException($"bad metrics address '{part}' in '{line}'");
            }
            else
            {
                listen.Add(ListenAddress.TryParse(part, out var address) ? address : throw new FormatException($"bad address '{part}' in '{line}'"));
            }
        }

        return new EdgeReadyLine(line, listen, metrics);
    }
}
