using System.Collections.Concurrent;

namespace Cluster.Grains.Connection;

/// <summary>
/// This process's grain references, made once and shared. Orleans' <c>GetGrain</c> resolves the interface's grain
/// type by reflection on every call (~5 % of an edge's CPU under REGISTER load, perf), and a reference is
/// immutable and safe to share between threads, so each shard's and each gateway's is kept. A reference asked for
/// before any silo announced its grain class is not made (<see cref="GrainRefs"/>), so nothing wrong is kept.
/// </summary>
public sealed class GrainReferences(IGrainFactory orleans)
{
    /// <summary>Gateways are provisioned by the hundred; past this many names references are made per call, not kept.</summary>
    private const int MaxGateways = 10_000;

    // two threads may make the same reference at once; either is right, so no lock
    private readonly IEndpointShardGrain?[] _endpointShards = new IEndpointShardGrain?[EndpointShards.Count];
    private readonly ISourceShardGrain?[] _sourceShards = new ISourceShardGrain?[SourceIpShards.Count];
    private readonly INonceShardGrain?[] _nonceShards = new INonceShardGrain?[NonceShards.Count];
    private readonly ConcurrentDictionary<string, IGatewayGrain> _gateways = new(StringComparer.Ordinal);

    public IEndpointShardGrain EndpointShard(long shard) =>
        _endpointShards[shard] ??= GrainRefs.Resolve(() => orleans.GetGrain<IEndpointShardGrain>(shard));

    public ISourceShardGrain SourceShard(long shard) =>
        _sourceShards[shard] ??= GrainRefs.Resolve(() => orleans.GetGrain<ISourceShardGrain>(shard));

    public INonceShardGrain NonceShard(long shard) =>
        _nonceShards[shard] ??= GrainRefs.Resolve(() => orleans.GetGrain<INonceShardGrain>(shard));

    public IGatewayGrain Gateway(string name)
    {
        if (_gateways.TryGetValue(name, out var known))
        {
            return known;
        }

        var made = GrainRefs.Resolve(() => orleans.GetGrain<IGatewayGrain>(name));
        if (_gateways.Count < MaxGateways)
        {
            _gateways.TryAdd(name, made);
        }

        return made;
    }
}
