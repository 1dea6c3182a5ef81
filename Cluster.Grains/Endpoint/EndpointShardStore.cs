using Cluster.Grains.Storage;
using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>
/// One shard's durable entries: the Redis hash <c>eps:{SHARD}</c>, field = user, value = packed entry
/// (<see cref="EndpointEntryCodec"/>). One HSET per change (atomic, one slot); activation reads the whole hash
/// with one HGETALL, so no SCAN is ever needed. The grain sweeps fields whose entry is over; the hash itself
/// carries a TTL beyond its longest entry (renewed only when an entry outlives it), so an abandoned shard goes too.
/// </summary>
internal sealed class EndpointShardStore(GrainStore store, long shard)
{
    /// <summary>The hash outlives its longest entry by this much, so most changes need no PEXPIRE.</summary>
    private const long TtlSlackMs = 3_600_000;

    private readonly string _name = EndpointShards.Key(shard);
    private readonly RedisKey _key = EndpointShards.Key(shard);
    private long _hashUntilMs;

    public async Task<List<(string User, EndpointEntry Entry)>> LoadAsync(Func<string, string> intern)
    {
        var fields = await store.RunAsync(_name, db => db.HashGetAllAsync(_key)).ConfigureAwait(false);
        var entries = new List<(string, EndpointEntry)>(fields.Length);
        foreach (var f in fields)
        {
            if (EndpointEntryCodec.Unpack((byte[])f.Value!, intern) is { } entry)
            {
                entries.Add(((string)f.Name!, entry));
            }
        }

        return entries;
    }

    /// <summary>Writes one account's entry; <paramref name="longestRetainMs"/> is the latest any entry of the shard is kept until.</summary>
    /// <remarks>Awaited in the grain's context (no ConfigureAwait): the TTL bookkeeping stays single-threaded.</remarks>
    public async Task SaveAsync(string user, EndpointEntry entry, long nowMs, Func<long> longestRetainMs)
    {
        var value = EndpointEntryCodec.Pack(entry);
        if (entry.RetainUntilMs <= _hashUntilMs)
        {
            await store.RunAsync(_name, db => db.HashSetAsync(_key, user, value));
            return;
        }

        // pipelined, one round trip: the hash is never left without a TTL that covers the entry
        var until = Math.Max(entry.RetainUntilMs, longestRetainMs()) + TtlSlackMs;
        var ttl = TimeSpan.FromMilliseconds(Math.Max(1000, until - nowMs));
        await store.RunAsync(_name, db => Task.WhenAll(db.HashSetAsync(_key, user, value), db.KeyExpireAsync(_key, ttl)));
        _hashUntilMs = until;
    }

    /// <summary>Writes several accounts' entries in one HSET (deferred refreshes), with the TTL bookkeeping of <see cref="SaveAsync"/>.</summary>
    public async Task SaveManyAsync(IReadOnlyList<(string User, EndpointEntry Entry)> entries, long nowMs, Func<long> longestRetainMs)
    {
        var fields = new HashEntry[entries.Count];
        var retain = 0L;
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = new HashEntry(entries[i].User, EndpointEntryCodec.Pack(entries[i].Entry));
            retain = Math.Max(retain, entries[i].Entry.RetainUntilMs);
        }

        if (retain <= _hashUntilMs)
        {
            await store.RunAsync(_name, db => db.HashSetAsync(_key, fields));
            return;
        }

        var until = Math.Max(retain, longestRetainMs()) + TtlSlackMs;
        var ttl = TimeSpan.FromMilliseconds(Math.Max(1000, until - nowMs));
        await store.RunAsync(_name, db => Task.WhenAll(db.HashSetAsync(_key, fields), db.KeyExpireAsync(_key, ttl)));
        _hashUntilMs = until;
    }

    public Task DeleteAsync(RedisValue[] users) => store.RunAsync(_name, db => db.HashDeleteAsync(_key, users));
}
