using Cluster.Grains.Changes;
using Cluster.Grains;
using StackExchange.Redis;

namespace Cluster.Silo.Hosting;

/// <summary>
/// While some grain kinds still run as Redis turns, those turns announce their unblocks and unsuspensions on the
/// Redis channel <c>cluster:changes</c>; this forwards them to the change hub, which edges follow. Goes with the
/// last Lua grain.
/// </summary>
internal sealed class RedisChangesBridge(RedisGrainFactory redisTurns, ClusterChangesChannel changes) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        redisTurns.Host.Multiplexer.GetSubscriber().Subscribe(RedisChannel.Literal("cluster:changes"),
            (channel, message) => changes.TryPublishAsync((string?)message ?? string.Empty));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
