using Cluster.Grains.Connection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace Cluster.Tests.Infrastructure.Silos;

/// <summary>The tests' client: Redis membership and the edges' call filter, so failures arrive as they do on an edge.</summary>
public sealed class TestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder
            .UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(configuration[OrleansCluster.RedisProperty]!))
            .ConfigureServices(services =>
            {
                services.AddSingleton<GrainCallDeadline>();
                services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<GrainCallDeadline>());
            });
}
