using Cluster.Grains.Hosting;
using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>Redis-hosted <see cref="INonceGrain"/>.</summary>
internal sealed class NonceGrain(GrainHostClient host, string nonce) : INonceGrain
{
    private readonly RedisKey[] _keys = [GrainKeys.Nonce(nonce)];

    public async Task<bool> AcceptCountAsync(long nonceCount, TimeSpan remember) =>
        (long)await host.RunAsync(GrainScripts.Nonce, _keys, [nonceCount, Math.Max(1L, (long)remember.TotalMilliseconds)]).ConfigureAwait(false) == 1;
}
