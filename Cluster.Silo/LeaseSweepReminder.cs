using Cluster.Grains;
using Cluster.Grains.Provisioning;
using Cluster.Silo.Hosting;

namespace Cluster.Silo;

/// <summary>
/// The silo's own tick, on every silo: keeps provisioning present in Redis (rewrites it after a flush), rotates the
/// cluster key (the grain rotates at most once per interval however many silos ask), and activates every provisioned
/// gateway's grain at start and after each provisioning change, so their timers (lease sweep, OPTIONS probes,
/// maximum-duration hang-ups) run without traffic. Sweeping leases is the gateway grains' own timer now: one
/// activation per gateway, so no lock decides who sweeps.
/// </summary>
internal sealed class LeaseSweepReminder(
    IClusterGrains factory,
    SiloPolicy policy,
    SiloState state,
    SiloOptions options,
    TimeProvider time,
    ILogger<LeaseSweepReminder> log) : BackgroundService
{
    /// <summary>How often the digest nonce key is replaced. Must exceed the nonce lifetime (300 s).</summary>
    internal static readonly TimeSpan ClusterKeyRotation = TimeSpan.FromHours(1);

    private long _gatewaysActivatedFor = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is GrainUnavailableException or TimeoutException or OrleansException)
            {
                log.LogWarning("reminder skipped, grains unavailable: {Message}", e.Message);
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

        // Digest nonces are signed with the cluster key; rotating it hourly keeps a leaked key short-lived.
        // The grain keeps the previous key (nonces live 5 minutes), and rotates at most once per interval
        // however many silos or ticks ask.
        await factory.GetClusterKeyGrain().RotateAsync(time.GetUtcNow(), ClusterKeyRotation).ConfigureAwait(false);

        var version = state.ProvisioningVersion;
        if (version != _gatewaysActivatedFor)
        {
            var doc = state.Provisioning;
            await Task.WhenAll(doc.MappingGateways.Select(g => g.Name).Concat(doc.RoutingGateways.Select(g => g.Name))
                .Select(name => state.GrainLatency.TimeAsync(async () =>
                {
                    await factory.GetGatewayGrain(name).PingAsync().ConfigureAwait(false);
                    return true;
                }))).ConfigureAwait(false);
            _gatewaysActivatedFor = version;
        }

        state.CountTick();
    }
}
