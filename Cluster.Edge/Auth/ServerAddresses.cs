using System.Net;

namespace Cluster.Edge.Auth;

/// <summary>
/// Where this edge can be reached: the addresses and ports it listens on, as bound (port 0 resolved). A listener
/// on 0.0.0.0 or :: stands for every address of the machine, so those are given in by the caller. Immutable;
/// the edge swaps in a new one once its transports are bound.
/// </summary>
internal sealed class ServerAddresses
{
    private readonly HashSet<IPAddress> _hosts;
    private readonly HashSet<int> _ports;

    public ServerAddresses(IEnumerable<IPAddress> hosts, IEnumerable<int> ports)
    {
        _hosts = [.. hosts.Select(Normalize)];
        _ports = [.. ports];
    }

    /// <summary>Before the transports are bound: only what a request itself shows (the address it came in on).</summary>
    public static ServerAddresses None { get; } = new([], []);

    /// <summary>
    /// The addresses of <paramref name="listeners"/>; a wildcard listener adds <paramref name="machineAddresses"/>
    /// (read by the caller, so this stays free of I/O).
    /// </summary>
    public static ServerAddresses Of(IEnumerable<IPEndPoint> listeners, Func<IEnumerable<IPAddress>> machineAddresses)
    {
        var hosts = new List<IPAddress>();
        var ports = new List<int>();
        foreach (var listener in listeners)
        {
            ports.Add(listener.Port);
            if (listener.Address.Equals(IPAddress.Any) || listener.Address.Equals(IPAddress.IPv6Any))
            {
                hosts.AddRange(machineAddresses());
            }
            else
            {
                hosts.Add(listener.Address);
            }
        }

        return new ServerAddresses(hosts, ports);
    }

    public bool HasHost(IPAddress address) => _hosts.Contains(Normalize(address));

    public bool HasPort(int port) => _ports.Contains(port);

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
