using Cluster.Grains.Hosting;
using Cluster.Grains;
using Cluster.Grains.Connection;
using Cluster.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Cluster.Tests.Infrastructure.Silos;

/// <summary>
/// A real redis-server and an Orleans cluster of <see cref="SiloCount"/> TestingHost silos that find each other
/// through Redis membership (as production silos do) and keep grain state in it, plus a client. One per test class.
/// </summary>
public class OrleansCluster : IAsyncLifetime
{
    public const string RedisProperty = "redis";

    private ClusterRedis? _clusterRedis;

    public RedisServer Redis { get; } = new();

    public TestCluster Cluster { get; private set; } = null!;

    protected virtual short SiloCount => 2;

    /// <summary>The cluster's grains as edges see them.</summary>
    public IClusterGrains Grains { get; private set; } = null!;

    public IGrainFactory Orleans => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(SiloCount);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ClusterId = ClusterIdentity.ClusterId;
        builder.Options.ServiceId = ClusterIdentity.ServiceId;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties[RedisProperty] = Redis.Configuration;
        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TestClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        _clusterRedis = ClusterRedis.Connect(Redis.Configuration);
        Grains = new ClusterGrains(Cluster.Client, _clusterRedis);
    }

    /// <summary>Applies <paramref name="policy"/> on every silo, as provisioning does.</summary>
    public void SetPolicy(GrainPolicy policy)
    {
        foreach (var silo in Cluster.Silos.OfType<InProcessSiloHandle>())
        {
            silo.SiloHost.Services.GetRequiredService<GrainPolicySource>().Current = policy;
        }

        _clusterRedis!.Policy = policy;
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync();
        }
        finally
        {
            await Cluster.DisposeAsync();
            _clusterRedis?.Dispose();
            Redis.Dispose();
        }
    }
}
