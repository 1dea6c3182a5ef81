using System.Net;
using System.Text.Json;
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
    public async Task An_operator_lists_a_customers_answered_call_and_hangs_it_up()
    {
        using var vendor = SippCall.Vendor("vendor_uas.xml", _cluster.VendorPorts["vendorA"], 1);
        using var customer = SippCall.HeldCustomer(_cluster.Second.Udp, "127.0.0.21", "12025550101");
        using var redis = await ConnectionMultiplexer.ConnectAsync(_cluster.Redis.Configuration);
        var db = redis.GetDatabase();
        await RedisKeyWatch.UntilAsync(_cluster.Redis, "gw:{cust-ip}:calls", () => db.KeyExists("gw:{cust-ip}:calls"), Wait, "the answered call's record");
        await customer.LoggedAsync("answered", Wait);

        var listed = JsonDocument.Parse(await _cluster.Admin.GetStringAsync("/api/gateways/cust-ip/calls")).RootElement;
        var call = Assert.Single(listed.EnumerateArray().ToList());
        Assert.Equal("vendorA", call.GetProperty("routing").GetString());
        var callId = call.GetProperty("callId").GetString()!;
        Assert.True(Cluster.Grains.Calls.CallIds.IsId(callId), callId); // our id of the call, never the customer's Call-ID

        // cust-ip may talk an hour; the operator ends the call now
        using var hangup = await _cluster.Admin.PostAsync($"/api/gateways/cust-ip/calls/{Uri.EscapeDataString(callId)}/hangup", null);
        Assert.Equal(HttpStatusCode.OK, hangup.StatusCode);
        Assert.Equal(0, await customer.WaitAsync(Wait));
        Assert.Equal(0, await vendor.WaitAsync(Wait));
        Assert.Equal(1, customer.Count("hung-up"));
        Assert.Equal(1, vendor.Count("ended"));

        await RedisKeyWatch.UntilAsync(_cluster.Redis, "gw:{cust-ip}:lines", () => !db.KeyExists("gw:{cust-ip}:lines"), Wait, "the customer's line released");
        Assert.Equal(0, (await _cluster.StatsAsync("vendorA")).LinesInUse);
        using var again = await _cluster.Admin.PostAsync($"/api/gateways/cust-ip/calls/{Uri.EscapeDataString(callId)}/hangup", null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using var routing = await _cluster.Admin.GetAsync("/api/gateways/vendorA/calls");
        Assert.Equal(HttpStatusCode.NotFound, routing.StatusCode);
    }

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
        await customer.LoggedAsync("answered", Wait); // the record is made before the 200 goes out: the customer has it now
        _cluster.StopFirstEdge();

        Assert.True(await customer.WaitAsync(Wait) == 0, customer.Output + _cluster.SiloLog);
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

        // the CDR says the cluster ended it at its maximum duration, billed for the limit (rounded up to whole seconds)
        var cdr = Assert.Single((await CdrRecords.AllAsync(db)).Where(r => r.Customer == "cust-short").ToList());
        Assert.Equal((Cluster.Grains.Cdr.CallReleaser.MaximumDuration, 200, 102), (cdr.ReleasedBy, cdr.Status, cdr.Q850Cause));
        Assert.InRange(cdr.BillableSeconds, 2, 4);
    }
}
