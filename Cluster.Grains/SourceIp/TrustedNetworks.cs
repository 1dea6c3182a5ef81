using System.Net;

namespace Cluster.Grains;

/// <summary>
/// Trusted addresses and CIDRs. Decided in C# before any grain call: a trusted source
/// costs no Redis round trip and can never be blocked.
/// </summary>
public sealed class TrustedNetworks
{
    private readonly IPNetwork[] _networks;

    public TrustedNetworks(IEnumerable<IPNetwork> networks) => _networks = networks.ToArray();

    public static TrustedNetworks None { get; } = new([]);

    public IReadOnlyList<IPNetwork> Networks => _networks;

    /// <summary>Parses <c>10.0.0.0/8</c> or a bare address (a /32 or /128).</summary>
    public static bool TryParseEntry(string text, out IPNetwork network)
    {
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
