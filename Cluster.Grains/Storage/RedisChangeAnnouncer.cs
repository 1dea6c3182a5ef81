using Cluster.Grains.Hosting;

namespace Cluster.Grains.Storage;

/// <summary><see cref="IChangeAnnouncer"/> on the <c>cluster:changes</c> Redis channel every edge subscribes to.</summary>
public sealed class RedisChangeAnnouncer(GrainStore store) : IChangeAnnouncer
{
    public Task<bool> AnnounceAsync(string message) => store.TryPublishAsync(GrainKeys.ChangesChannel, message);
}
