using Cluster.Grains.Hosting;
using System.Net;
using Cluster.Grains.Connection;

namespace Cluster.Grains;

/// <summary>
/// <see cref="IClusterGrains"/> on an Orleans cluster: references to Orleans grains, and views onto shard grains
/// for the kinds that are too many for an activation each. Trusted sources are decided here with the rules of
/// <paramref name="clusterRedis"/> (this process's provisioning) and cost no grain call.
/// </summary>
public sealed class ClusterGrains(IGrainFactory orleans, ClusterRedis clusterRedis, TimeProvider? time = null) : IClusterGrains
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly GrainReferences _references = new(orleans);

    /// <summary>This process's Redis connection and rules in force.</summary>
    public ClusterRedis Redis => clusterRedis;

    public ISourceIpGrain GetSourceIpGrain(IPAddress address) => new ShardedSourceIp(_references, address, () => clusterRedis.Policy.SourceIp.Trusted, _time);

    public IEndpointGrain GetEndpointGrain(string user) => new ShardedEndpoint(_references, user);

    public IGatewayGrain GetGatewayGrain(string name) => _references.Gateway(name);

    public ISystemParametersGrain GetSystemParametersGrain() => GrainRefs.Resolve(() => orleans.GetGrain<ISystemParametersGrain>(ISystemParametersGrain.Key));

    public IClusterKeyGrain GetClusterKeyGrain() => GrainRefs.Resolve(() => orleans.GetGrain<IClusterKeyGrain>(IClusterKeyGrain.Key));

    public Calls.ICallGrain GetCallGrain(string id) => GrainRefs.Resolve(() => orleans.GetGrain<Calls.ICallGrain>(id));

    public INonceGrain GetNonceGrain(string nonce)
    {
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        return new ShardedNonce(_references, nonce, _time);
    }
}
