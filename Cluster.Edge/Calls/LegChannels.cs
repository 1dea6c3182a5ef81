using System.Net;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Calls;

/// <summary>
/// The sockets a call's legs are reached on, by the leg's transport: this edge's UDP socket, or a TCP connection to
/// the party (the customer's own, or one made to a vendor). Known once the transports are bound; until then a
/// request goes out on the channel it came in on.
/// </summary>
public sealed class LegChannels
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private ISipReplyChannel? _udp;
    private TcpSipTransport? _tcp;

    public void Use(ISipReplyChannel? udp, TcpSipTransport? tcp) => (_udp, _tcp) = (udp, tcp);

    public static bool IsTcp(string transport) => transport.Equals("tcp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The channel to send to <paramref name="target"/> over <paramref name="transport"/>; null when there is none.</summary>
    public async ValueTask<ISipReplyChannel?> ForAsync(string transport, IPEndPoint target, ISipReplyChannel arrivedOn)
    {
        if (IsTcp(transport))
        {
            if (arrivedOn is TcpSipConnection { IsClosed: false } same && same.Remote.Equals(target))
            {
                return same;
            }

            return _tcp is null ? null : await _tcp.ConnectionToAsync(target, ConnectTimeout).ConfigureAwait(false);
        }

        return _udp ?? (arrivedOn.Kind == SipTransportKind.Udp ? arrivedOn : null);
    }

    /// <summary>Our address on <paramref name="transport"/> as Via sent-by and Contact host (the listening one, not a connection's port).</summary>
    public string HostFor(string transport, ISipReplyChannel channel) =>
        Legs.LegMessages.HostOf(IsTcp(transport) && _tcp is not null ? _tcp.LocalEndPoint : channel.LocalEndPoint);
}
