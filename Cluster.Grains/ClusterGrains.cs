using System.Net;

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

    public ISourceIpGrain GetSourceIpGrain(IPAddress address) => redisTurns.GetSourceIpGrain(address);

    public IEndpointGrain GetEndpointGrain(string user) => redisTurns.GetEndpointGrain(user);

    public IGatewayGrain GetGatewayGrain(string name) => orleans.GetGrain<IGatewayGrain>(name);

    public ISystemParametersGrain GetSystemParametersGrain() => orleans.GetGrain<ISystemParametersGrain>(ISystemParametersGrain.Key);

    public IClusterKeyGrain GetClusterKeyGrain() => orleans.GetGrain<IClusterKeyGrain>(IClusterKeyGrain.Key);

    public INonceGrain GetNonceGrain(string nonce)
    {
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        return new ShardedNonce(orleans, nonce, _time);
    }
}
