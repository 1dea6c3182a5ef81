using Cluster.Grains;
using Cluster.Silo.Hosting;
using Orleans.TestingHost;

namespace Cluster.Tests.Infrastructure.Silos;

/// <summary>A TestingHost silo configured exactly as <c>Cluster.Silo</c> configures its own (membership, storage, services).</summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) =>
        SiloHosting.ConfigureCluster(siloBuilder, siloBuilder.Configuration[OrleansCluster.RedisProperty]!, new GrainPolicySource());
}
