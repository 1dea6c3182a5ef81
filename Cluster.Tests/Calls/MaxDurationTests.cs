using Cluster.Tests.Infrastructure;
using StackExchange.Redis;

namespace Cluster.Tests.Calls;

/// <summary>
/// VOS3000's conversation limitation across the cluster: a call that reaches its maximum duration is ended by
/// the silo with BYE to both sides, even though the edge that carried it is gone, and both gateways get
/// their lines back with the talk time counted. Own cluster: it stops one of its edges.
/// </summary>
public sealed class MaxDurationTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly CallCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task A_call_past_its_maximum_duration_is_hung_up_both_ways_after_its_edge_is_gone()
    {
        using var vendor = SippCall.Vendor("vendor_uas.xml", _cluster.VendorPorts["vendorA"], 1);
        using var customer = SippCall.HeldCustomer(_cluster.First.Udp, CallCluster.ShortCallsCustomer, "12025550100");
        using var redis = await ConnectionMultiplexer.ConnectAsync(_cluster.Redis.Configuration);
        var db = redis.GetDatabase();

        // SIPp answers the silo's BYE towards the (gone) edge, the address it talks to, so the silo does not see
        // the 200s: the BYEs arriving are proven by each side's log instead.
        // the answered call is with the cluster once its record is on the mapping gateway grain
        await RedisKeyWatch.UntilAsync(_cluster.Redis, "gw:{cust-short}:calls", () => db.KeyExists("gw:{cust-short}:calls"), Wait, "the answered call's record");
        _cluster.StopFirstEdge();

        Assert.Equal(0, await customer.WaitAsync(Wait));
        Assert.Equal(0, await vendor.WaitAsync(Wait));
        Assert.Equal(1, customer.Count("hung-up"));
        Assert.Equal(1, vendor.Count("ended"));

        await RedisKeyWatch.UntilAsync(_cluster.Redis, "gw:{cust-short}:lines", () => !db.KeyExists("gw:{cust-short}:lines"), Wait, "the customer's line released");
        var mapping = await _cluster.StatsAsync("cust-short");
        var routing = await _cluster.StatsAsync("vendorA");
        Assert.Equal(0, mapping.LinesInUse);
        Assert.Equal(0, routing.LinesInUse);
        Assert.Equal(1, mapping.Answered);

        // talk time: the 2 s limit, plus at most one reminder tick and the BYE's round trip
        Assert.InRange(mapping.Acd.TotalSeconds, 2.0, 4.0);
    }
}
