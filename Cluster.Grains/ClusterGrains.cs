using System.Net;
using Cluster.Grains.Connection;

namespace Cluster.Grains;

/// <summary>
/// <see cref="IClusterGrains"/> on an Orleans cluster: references to Orleans grains, and views onto shard grains
/// for the kinds that are too many for an activation each. Kinds not moved to Orleans yet still run as Redis
/// turns through <paramref name="redisTurns"/>.
/// </summary>
public sealed class ClusterGrains(IGrainFactory orleans, RedisGrainFactory redisTurns, TimeProvider? time = null) : IClusterGrains
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The Redis turns' factory (policy, connection), while some kinds still run there.</summary>
    public RedisGrainFactory RedisTurns => redisTurns;

    public ISourceIpGrain GetSourceIpGrain(IPAddress address) => new ShardedSourceIp(orleans, address, () => redisTurns.Policy.SourceIp.Trusted, _time);

    public IEndpointGrain GetEndpointGrain(string user) => new ShardedEndpoint(orleans, user);

    public IGatewayGrain GetGatewayGrain(string name) => GrainRefs.Resolve(() => orleans.GetGrain<IGatewayGrain>(name));

    public ISystemParametersGrain GetSystemParametersGrain() => GrainRefs.Resolve(() => orleans.GetGrain<ISystemParametersGrain>(ISystemParametersGrain.Key));

    public IClusterKeyGrain GetClusterKeyGrain() => GrainRefs.Resolve(() => orleans.GetGrain<IClusterKeyGrain>(IClusterKeyGrain.Key));

    public INonceGrain GetNonceGrain(string nonce)
    {
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        return new ShardedNonce(orleans, nonce, _time);
    }
}
