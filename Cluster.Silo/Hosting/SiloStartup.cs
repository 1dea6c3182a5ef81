using Cluster.Grains.Hosting;

namespace Cluster.Silo.Hosting;

/// <summary>Before joining: Redis holds the membership table, so a silo started first waits for it, saying so.</summary>
internal static class SiloStartup
{
    public static async Task WaitForRedisAsync(GrainHostClient host, string redis, ILogger log)
    {
        var said = DateTimeOffset.MinValue;
        while (!host.IsConnected)
        {
            if (DateTimeOffset.UtcNow - said > TimeSpan.FromSeconds(10))
            {
                log.LogWarning("waiting for Redis at {Redis} before joining the cluster", redis);
                said = DateTimeOffset.UtcNow;
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }
}
