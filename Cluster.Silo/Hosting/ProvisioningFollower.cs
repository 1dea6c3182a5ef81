using Cluster.Grains.Changes;
using Cluster.Grains;
using Cluster.Grains.Hosting;
using Cluster.Grains.Provisioning;

namespace Cluster.Silo.Hosting;

/// <summary>
/// Keeps every silo on the provisioning the cluster published: a <c>params set</c> made through one silo's admin API
/// must change the limits the grains apply on every other silo too, at once.
/// </summary>
internal sealed class ProvisioningFollower(
    ClusterChangesChannel changes,
    ClusterRedis clusterRedis,
    SiloPolicy policy,
    SiloState state,
    ILogger<ProvisioningFollower> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Subscribe(message =>
        {
            if (message.StartsWith("provisioning ", StringComparison.Ordinal))
            {
                _ = FollowAsync();
            }
        });
        return Task.CompletedTask;
    }

    private async Task FollowAsync()
    {
        try
        {
            if (await ProvisioningReader.ReadAsync(clusterRedis.Host).ConfigureAwait(false) is { } published
                && published.System.Version > state.ProvisioningVersion)
            {
                state.Provisioning = published;
                state.ProvisioningVersion = published.System.Version;
                policy.Apply(published);
                log.LogInformation("provisioning version {Version} applied", published.System.Version);
            }
        }
        catch (GrainUnavailableException e)
        {
            log.LogWarning("provisioning change not read, Redis unavailable: {Message}", e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
