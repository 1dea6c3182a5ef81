using System.Net;

namespace Cluster.Grains;

/// <summary>
/// Gets grain references by identity, as Orleans' IGrainFactory does. A reference is cheap;
/// the grain's state lives in the grain host, not in the reference.
/// </summary>
public interface IGrainFactory
{
    ISourceIpGrain GetSourceIpGrain(IPAddress address);

    IEndpointGrain GetEndpointGrain(string user);

    IGatewayGrain GetGatewayGrain(string name);

    ISystemParametersGrain GetSystemParametersGrain();

    IClusterKeyGrain GetClusterKeyGrain();

    INonceGrain GetNonceGrain(string nonce);
}
