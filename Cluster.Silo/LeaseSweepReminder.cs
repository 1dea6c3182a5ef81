using Cluster.Grains;
using Cluster.Silo.Hosting;
using Cluster.Grains.Hosting;
using Cluster.Grains.Provisioning;

namespace Cluster.Silo;

/// <summary>
/// The silo's reminder: keeps provisioning present in Redis (rewrites it after a flush) and,
/// under a Redis lock so only one silo does it, frees line leases past their expiry.
/// Admit already ignores expired leases; the sweep keeps the online view and memory honest.
/// </summary>
internal sealed class LeaseSweepReminder(
    IClusterGrains factory,
    RedisGrainFactory redisTurns,
    SiloPolicy policy,
    SiloState state,
    SiloOptions options,
    TimeProvider time,
    ILogger<LeaseSweepReminder> log) : BackgroundService
{
    /// <summary>How often the digest nonce key is replaced. Must exceed the nonce lifetime (300 s).</summary>
    internal static readonly TimeSpan ClusterKeyRotation = TimeSpan.FromHours(1);

    private readonly ReminderLock _lock = new(redisTurns.Host, "reminder:lease-sweep");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync().ConfigureAwait(false);
            }
            catch (GrainUnavailableException e)
            {
                state.IsReminderLeader = false;
                log.LogWarning("reminder skipped, grain host unavailable: {Message}", e.Message);
            }

            // until provisioning is in Redis, retry soon: edges are waiting for it
            var delay = state.ProvisioningVersion > 0 ? options.SweepInterval : TimeSpan.FromMilliseconds(250);
            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    internal async Task TickAsync()
    {
        if (state.ProvisioningVersion == 0 || !await factory.GetSystemParametersGrain().TouchAsync().ConfigureAwait(false))
        {
            state.ProvisioningVersion = await ProvisioningWriter.WriteAsync(factory, state.Provisioning).ConfigureAwait(false);
            policy.Apply(state.Provisioning);
            log.LogInformation("provisioning written to Redis, version {Version}", state.ProvisioningVersion);
        }

        // the lock outlives a missed tick or two, so a healthy leader keeps it
        state.IsReminderLeader = await _lock.TryHoldAsync(options.SweepInterval * 3).ConfigureAwait(false);
        if (!state.IsReminderLeader)
        {
            return;
        }

        var now = time.GetUtcNow();

        // Digest nonces are signed with the cluster key; rotating it hourly keeps a leaked key short-lived.
        // The grain keeps the previous key (nonces live 5 minutes), and rotates at most once per interval
        // however many silos or ticks ask.
        await factory.GetClusterKeyGrain().RotateAsync(now, ClusterKeyRotation).ConfigureAwait(false);

        var freed = 0;
        foreach (var name in state.Provisioning.MappingGateways.Select(g => g.Name).Concat(state.Provisioning.RoutingGateways.Select(g => g.Name)))
        {
            freed += await state.GrainLatency.TimeAsync(() => factory.GetGatewayGrain(name).ExpireLeasesAsync(now)).ConfigureAwait(false);
        }

        state.CountSweep(freed);
        if (freed > 0)
        {
            log.LogInformation("freed {Count} expired line leases", freed);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (state.IsReminderLeader)
        {
            try
            {
                await _lock.ReleaseAsync().ConfigureAwait(false);
            }
            catch (GrainUnavailableException)
            {
                // the lock expires by itself
            }
        }
    }
}
