using Cluster.Grains.Provisioning;
using Cluster.Tests.Infrastructure.Silos;
using Cluster.Grains.Changes;
using StackExchange.Redis;

namespace Cluster.Tests.Grains;

public sealed class SystemParametersGrainTests(OrleansCluster cluster) : IClassFixture<OrleansCluster>
{
    [Fact]
    public async Task Writing_provisioning_stores_parameters_and_announces_the_change()
    {
        var doc = ProvisioningLoader.LoadFile(ProvisioningTests.RepoFile("bench/internet.yaml"));
        using var mux = ConnectionMultiplexer.Connect(cluster.Redis.Configuration);
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var changes = new ClusterChangesChannel(cluster.Orleans);
        changes.Subscribe(message =>
        {
            if (message.StartsWith("provisioning ", StringComparison.Ordinal))
            {
                received.TrySetResult(message);
            }
        });
        await changes.Subscribed.WaitAsync(TimeSpan.FromSeconds(10));

        var version = await ProvisioningWriter.WriteAsync(cluster.Grains, doc);

        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal($"provisioning {version}", message);
        var stored = await cluster.Grains.GetSystemParametersGrain().GetAsync();
        Assert.False(stored.ReplyUnauthorized);
        Assert.Equal(version, stored.Version);
        Assert.InRange(long.Parse(cluster.Redis.Command("PTTL", "sys:{params}").Trim(':', '\r', '\n')), 1, (long)TimeSpan.FromDays(7).TotalMilliseconds);
        var json = mux.GetDatabase().StringGet("sys:{params}:provisioning");
        var back = ProvisioningWriter.FromJson(json!)!;
        Assert.Equal(["vendorA", "vendorB", "vendorUK"], back.RoutingGateways.Select(g => g.Name));
        Assert.Equal(version, back.System.Version);
    }
}
