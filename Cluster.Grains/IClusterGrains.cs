using System.Net;

namespace Cluster.Grains;

/// <summary>
/// Gets grain references by identity (the edge's and silo's view of the cluster's grains; Orleans' own IGrainFactory sits behind it). A reference is cheap;
/// the grain's state lives in the grain host, not in the reference.
/// </summary>
public interface IClusterGrains
{
    ISourceIpGrain GetSourceIpGrain(IPAddress address);

    IEndpointGrain GetEndpointGrain(string user);

    IGatewayGrain GetGatewayGrain(string name);

    ISystemParametersGrain GetSystemParametersGrain();

    IClusterKeyGrain GetClusterKeyGrain();

    INonceGrain GetNonceGrain(string nonce);

    /// <summary>The grain of one call (B2BUA), by <see cref="Calls.CallIds"/>' id.</summary>
    Calls.ICallGrain GetCallGrain(string id);
}
