using Orleans.Concurrency;

namespace Cluster.Grains;

/// <summary>
/// The accounts that hash to one shard (<see cref="EndpointShards"/>): their bindings, failures, suspensions and
/// spent nonce-counts as compact entries, the rules of <see cref="EndpointRules"/> applied to them. Durable: a
/// change is written to the shard's Redis hash before the answer leaves, and an activation reads the hash back,
/// so a silo's death loses no registration or suspension. Callers use <see cref="IEndpointGrain"/>.
/// </summary>
public interface IEndpointShardGrain : IGrainWithIntegerKey
{
    Task<RegisterVerdict> RegisterAsync(string user, RegisterRequest request, DateTimeOffset now);

    Task<RegisterFailedVerdict> RegisterFailedAsync(string user, DateTimeOffset now);

    Task<int> UnregisterAsync(string user, string? contact, DateTimeOffset now);

    Task<bool> KeepaliveAsync(string user, DateTimeOffset now);

    Task UnsuspendAsync(string user, DateTimeOffset now);

    [ReadOnly]
    Task<IReadOnlyList<Binding>> LookupAsync(string user, DateTimeOffset now);

    [ReadOnly]
    Task<bool> IsBoundFromAsync(string user, string source, DateTimeOffset now);

    [ReadOnly]
    Task<EndpointState> GetAsync(string user, DateTimeOffset now);

    /// <summary>Up to <paramref name="limit"/> of this shard's accounts with state, sorted by user.</summary>
    [ReadOnly]
    Task<EndpointState[]> ListAsync(int limit, DateTimeOffset now);

    [ReadOnly]
    Task<EndpointCensus> CensusAsync(DateTimeOffset now);
}
