using StackExchange.Redis;

namespace Cluster.Grains.Hosting;

/// <summary>
/// A lease-style Redis lock (SET NX PX, renewed by its holder) so that exactly one silo runs
/// a given reminder; if that silo dies the lock expires and another takes over.
/// </summary>
public sealed class ReminderLock
{
    private readonly GrainHostClient _host;
    private readonly RedisKey[] _keys;
    private readonly string _token = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public ReminderLock(GrainHostClient host, string reminder)
    {
        _host = host;
        _keys = [$"lock:{{{reminder}}}"];
    }

    /// <summary>Acquires or renews the lock for <paramref name="ttl"/>. True when this process holds it.</summary>
    public async Task<bool> TryHoldAsync(TimeSpan ttl) =>
        (long)await _host.RunAsync(GrainScripts.ReminderLock, _keys, [_token, (long)ttl.TotalMilliseconds]).ConfigureAwait(false) == 1;

    public async Task ReleaseAsync() =>
        await _host.RunAsync(GrainScripts.ReminderUnlock, _keys, [_token]).ConfigureAwait(false);
}
