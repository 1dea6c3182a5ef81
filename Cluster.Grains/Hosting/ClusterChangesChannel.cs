using StackExchange.Redis;

namespace Cluster.Grains.Hosting;

/// <summary>
/// The <c>cluster:changes</c> pub/sub channel: how a verdict reached on one edge (a block, a
/// suspension) or an ops change (unblock, new provisioning, key rotation) reaches every process at once.
/// Redis pub/sub is fire-and-forget: a process that was away re-reads the grains, which stay the authority.
/// </summary>
public sealed class ClusterChangesChannel(GrainHostClient host)
{
    private readonly RedisChannel _channel = new(GrainKeys.ChangesChannel, RedisChannel.PatternMode.Literal);

    /// <summary>Publishes; false when Redis is away (the grain already holds the verdict, so nothing is lost).</summary>
    public async Task<bool> TryPublishAsync(string message)
    {
        try
        {
            await host.Multiplexer.GetSubscriber().PublishAsync(_channel, message).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Calls <paramref name="onMessage"/> for every message; the client re-subscribes after reconnects.</summary>
    public void Subscribe(Action<string> onMessage) =>
        host.Multiplexer.GetSubscriber().Subscribe(_channel, (_, value) => onMessage((string?)value ?? string.Empty));
}
