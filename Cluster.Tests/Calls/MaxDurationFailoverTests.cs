using Cluster.Grains;
using Cluster.Tests.Infrastructure;
using StackExchange.Redis;

namespace Cluster.Tests.Calls;

/// <summary>
/// Issue 11's kill-silo test for the maximum call duration: two silo processes; a call is answered, then the silo
/// holding its mapping gateway's grain is killed (kill -9). The gateway's reminder reactivates the grain on the other
/// silo, which reads the answered call back and hangs it up, BYE both ways, both lines released.
/// </summary>
public sealed class MaxDurationFailoverTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly CallCluster _cluster = new(silos: 2);

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task A_call_answered_before_its_silo_died_is_still_hung_up_at_its_maximum_duration()
    {
        using var vendor = SippCall.Vendor("vendor_uas.xml", _cluster.VendorPorts["vendorA"], 1);
        using var customer = SippCall.HeldCustomer(_cluster.First.Udp, CallCluster.ShortCallsCustomer, "12025550100");
        using var redis = await ConnectionMultiplexer.ConnectAsync(_cluster.Redis.Configuration);
        var db = redis.GetDatabase();
        await RedisKeyWatch.UntilAsync(_cluster.Redis, "gw:{cust-short}:calls", () => db.KeyExists("gw:{cust-short}:calls"), Wait, "the answered call's record");
        await customer.LoggedAsync("answered", Wait); // the record is made before the 200 goes out: the customer has it now

        // kill -9 the silo that holds cust-short's grain, before the call's 2 s are up
        var management = _cluster.Client.Orleans.GetGrain<IManagementGrain>(0);
        var host = await management.GetActivationAddress(_cluster.Client.Orleans.GetGrain<IGatewayGrain>("cust-short"));
        Assert.NotNull(host);
        var victim = _cluster.Silos.Single(s => s.SiloPort == host.Endpoint.Port);
        victim.Silo.Kill();
        var killed = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(0, await customer.WaitAsync(Wait));
        output.WriteLine($"customer hung up {killed.Elapsed.TotalSeconds:F1} s after the kill (call limit 2 s)");
        Assert.Equal(0, await vendor.WaitAsync(Wait));
        Assert.Equal(1, customer.Count("hung-up"));
        Assert.Equal(1, vendor.Count("ended"));

        await RedisKeyWatch.UntilAsync(_cluster.Redis, "gw:{cust-short}:lines", () => !db.KeyExists("gw:{cust-short}:lines"), Wait, "the customer's line released");
        var mapping = await _cluster.StatsAsync("cust-short");
        Assert.Equal(0, mapping.LinesInUse);
        Assert.Equal(0, (await _cluster.StatsAsync("vendorA")).LinesInUse);
        Assert.Equal(1, mapping.Answered);
    }
}
