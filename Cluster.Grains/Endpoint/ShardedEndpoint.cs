using Cluster.Grains.Connection;

namespace Cluster.Grains;

/// <summary><see cref="IEndpointGrain"/> over the account's shard grain.</summary>
internal sealed class ShardedEndpoint : IEndpointGrain
{
    private readonly string _user;
    private readonly GrainReferences _references;
    private IEndpointShardGrain? _shardReference;

    public ShardedEndpoint(GrainReferences references, string user)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        _user = user;
        _references = references;
    }

    // resolved at the first call, inside the caller's handling of GrainUnavailableException
    private IEndpointShardGrain _shard => _shardReference ??= _references.EndpointShard(EndpointShards.Of(_user));

    public Task<RegisterVerdict> RegisterAsync(RegisterRequest request, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.Contact);
        return _shard.RegisterAsync(_user, request, now);
    }

    public Task<RegisterFailedVerdict> RegisterFailedAsync(DateTimeOffset now) => _shard.RegisterFailedAsync(_user, now);

    public Task<int> UnregisterAsync(string? contact, DateTimeOffset now) => _shard.UnregisterAsync(_user, contact, now);

    public Task<bool> KeepaliveAsync(DateTimeOffset now) => _shard.KeepaliveAsync(_user, now);

    public Task<IReadOnlyList<Binding>> LookupAsync(DateTimeOffset now) => _shard.LookupAsync(_user, now);

    public Task<bool> IsBoundFromAsync(string source, DateTimeOffset now) => _shard.IsBoundFromAsync(_user, source, now);

    public Task UnsuspendAsync(DateTimeOffset now) => _shard.UnsuspendAsync(_user, now);

    public Task<EndpointState> GetAsync(DateTimeOffset now) => _shard.GetAsync(_user, now);
}
