using System.Net;
using Cluster.Grains.Connection;

namespace Cluster.Grains;

/// <summary>
/// <see cref="ISourceIpGrain"/> over the address's shard grain. Trusted addresses are decided here, with the
/// caller's policy, and cost no grain call. The clock of <see cref="UnblockAsync"/> is the caller's process clock.
/// </summary>
internal sealed class ShardedSourceIp : ISourceIpGrain
{
    private readonly UInt128 _key;
    private readonly IPAddress _address;
    private readonly GrainReferences _references;
    private ISourceShardGrain? _shardReference;
    private readonly Func<TrustedNetworks> _trusted;
    private readonly TimeProvider _time;

    public ShardedSourceIp(GrainReferences references, IPAddress address, Func<TrustedNetworks> trusted, TimeProvider time)
    {
        _address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        _key = SourceAddress.KeyOf(_address);
        _references = references;
        _trusted = trusted;
        _time = time;
    }

    // resolved at the first call, inside the caller's handling of GrainUnavailableException
    private ISourceShardGrain _shard => _shardReference ??= _references.SourceShard(SourceIpShards.Of(_key));

    public Task<SourceIpVerdict> AdmitAsync(SipRequestKind kind, DateTimeOffset now) =>
        _trusted().Contains(_address) ? Task.FromResult(SourceIpVerdict.TrustedSource) : _shard.AdmitAsync(_key, kind, now);

    public Task<SourceIpVerdict> AuthFailedAsync(DateTimeOffset now) =>
        _trusted().Contains(_address) ? Task.FromResult(SourceIpVerdict.TrustedSource) : _shard.AuthFailedAsync(_key, now);

    public Task<SourceIpVerdict> BlockAsync(DateTimeOffset until, BlockReason reason, DateTimeOffset now)
    {
        if (reason == BlockReason.None)
        {
            throw new ArgumentException("a block needs a reason", nameof(reason));
        }

        return _shard.BlockAsync(_key, until, reason, now);
    }

    public Task UnblockAsync() => _shard.UnblockAsync(_key, _time.GetUtcNow());

    public async Task<SourceIpState> GetAsync(DateTimeOffset now) =>
        await _shard.GetAsync(_key, now).ConfigureAwait(false) with { Trusted = _trusted().Contains(_address) };
}
