using Microsoft.Extensions.Hosting;

namespace Cluster.Edge.Hosting;

/// <summary>
/// Replaces the console lifetime of the embedded web host: the edge process owns SIGINT/SIGTERM and stops
/// transports and metrics in its own order, so the web host must not react to signals by itself.
/// </summary>
internal sealed class ExternallyOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
