namespace Cluster.Grains;

/// <summary>Orleans <see cref="INonceShardGrain"/>: a table of nonce → (highest count, forget at), swept as it is used.</summary>
internal sealed class NonceShardGrain : Grain, INonceShardGrain
{
    private readonly Dictionary<string, (long Count, long ForgetAtMs)> _spent = new(StringComparer.Ordinal);
    private long _nextSweepMs;

    public Task<bool> AcceptCountAsync(string nonce, long nonceCount, TimeSpan remember, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        Sweep(nowMs);
        if (_spent.TryGetValue(nonce, out var seen) && seen.ForgetAtMs > nowMs && nonceCount <= seen.Count)
        {
            return Task.FromResult(false);
        }

        _spent[nonce] = (nonceCount, nowMs + Math.Max(1L, (long)remember.TotalMilliseconds));
        return Task.FromResult(true);
    }

    // O(n) once every ten seconds keeps the table to the nonces still valid, without a timer per shard.
    private void Sweep(long nowMs)
    {
        if (nowMs < _nextSweepMs)
        {
            return;
        }

        _nextSweepMs = nowMs + 10_000;
        foreach (var (nonce, entry) in _spent)
        {
            if (entry.ForgetAtMs <= nowMs)
            {
                _spent.Remove(nonce);
            }
        }
    }
}
