using Cluster.Grains;
using Cluster.Grains.Provisioning;

namespace Cluster.Edge.Provisioning;

/// <summary>
/// The provisioning this edge acts on: accounts, gateways and system parameters. Starts from the
/// --config file (so an edge answers even before a silo has published), then follows what the silo
/// publishes in Redis, swapped atomically on every <c>provisioning</c> change message.
/// </summary>
public sealed class EdgeProvisioning(ProvisioningDocument initial)
{
    private volatile ProvisioningDocument _current = initial;

    public ProvisioningDocument Current => _current;

    public SystemParameters Parameters => _current.System;

    public long Version { get; private set; }

    public void Replace(ProvisioningDocument document, long version)
    {
        _current = document;
        Version = version;
    }

    /// <summary>True when <paramref name="address"/> is a provisioned mapping gateway's address.</summary>
    public bool IsGatewayAddress(System.Net.IPAddress address)
    {
        foreach (var gateway in _current.MappingGateways)
        {
            if (gateway.Ip is { } ip && System.Net.IPAddress.TryParse(ip, out var gatewayAddress) && gatewayAddress.Equals(address))
            {
                return true;
            }
        }

        return false;
    }
}
