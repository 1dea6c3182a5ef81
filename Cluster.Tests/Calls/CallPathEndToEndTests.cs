using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Grains;

namespace Cluster.Tests.Calls;

/// <summary>
/// Calls through real edges with SIPp as the customer (cust-ip, from 127.0.0.21) and as vendors, against a
/// real redis-server: routing by longest prefix, failover on 503, the line limit held across two edges,
/// BYE freeing lines, ASR/ACD on the gateway grains, and the per-vendor number rewrite. Tests of this class run
/// one after another.
/// </summary>
public sealed class CallPathEndToEndTests(CallCluster cluster) : IClassFixture<CallCluster>
{
    private const string Customer = "127.0.0.21";
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_call_to_44_routes_to_the_longest_prefix_vendor_and_is_answered()
    {
        using var vendorUk = SippCall.Vendor("vendor_uas.xml", cluster.VendorPorts["vendorUK"], calls: 1);
        using var customer = SippCall.Customer(cluster.First.Udp, Customer, "447700900123", calls: 1, ratePerSecond: 1, holdMs: 100);

        await FinishAsync(customer, vendorUk);

        Assert.True(customer.Count("answered") == 1, Explain(customer, vendorUk));
        Assert.Equal(1, vendorUk.Count("answered"));
    }

    [Fact]
    public async Task A_vendor_answering_503_fails_over_to_the_next_by_priority_and_both_count_the_attempt()
    {
        var beforeA = await cluster.StatsAsync("vendorA");
        var beforeB = await cluster.StatsAsync("vendorB");
        using var vendorA = SippCall.Vendor("vendor_503.xml", cluster.VendorPorts["vendorA"], calls: 1);
        using var vendorB = SippCall.Vendor("vendor_uas.xml", cluster.VendorPorts["vendorB"], calls: 1);
        using var customer = SippCall.Customer(cluster.Second.Udp, Customer, "12025550100", calls: 1, ratePerSecond: 1, holdMs: 100);

        await FinishAsync(customer, vendorA, vendorB);

        Assert.True(customer.Count("answered") == 1, Explain(customer, vendorA, vendorB));
        Assert.Equal(1, vendorA.Count("refused"));
        Assert.Equal(1, vendorB.Count("answered"));
        var afterA = await cluster.StatsAsync("vendorA");
        var afterB = await cluster.StatsAsync("vendorB");
        Assert.Equal((1, 0), (afterA.Attempts - beforeA.Attempts, afterA.Answered - beforeA.Answered));
        Assert.Equal((1, 1), (afterB.Attempts - beforeB.Attempts, afterB.Answered - beforeB.Answered));
        Assert.Equal(0, afterA.LinesInUse);
        Assert.Equal(0, afterB.LinesInUse);
    }

    [Fact]
    public async Task An_offline_vendor_is_skipped_after_failed_probes_and_used_again_after_it_answers()
    {
        for (var i = 0; i < 3; i++)
        {
            await cluster.ProbeAsync("vendorA", answered: false);
        }

        var offline = await cluster.StatsAsync("vendorA");
        Assert.False(offline.Online);
        using (var vendorB = SippCall.Vendor("vendor_uas.xml", cluster.VendorPorts["vendorB"], calls: 1))
        using (var customer = SippCall.Customer(cluster.First.Udp, Customer, "12025550160", calls: 1, ratePerSecond: 1, holdMs: 100))
        {
            await FinishAsync(customer, vendorB);
            Assert.True(customer.Count("answered") == 1 && vendorB.Count("answered") == 1, Explain(customer, vendorB));
        }

        // Skipped, not tried and timed out: vendorA saw no attempt at all.
        Assert.Equal(offline.Attempts, (await cluster.StatsAsync("vendorA")).Attempts);

        await cluster.ProbeAsync("vendorA", answered: true);
        Assert.True((await cluster.ProbeAsync("vendorA", answered: true)).Online);
        using (var vendorA = SippCall.Vendor("vendor_uas.xml", cluster.VendorPorts["vendorA"], calls: 1))
        using (var customer = SippCall.Customer(cluster.First.Udp, Customer, "12025550161", calls: 1, ratePerSecond: 1, holdMs: 100))
        {
            await FinishAsync(customer, vendorA);
            Assert.True(customer.Count("answered") == 1 && vendorA.Count("answered") == 1, Explain(customer, vendorA));
        }
    }

    [Fact]
    public async Task A_line_limit_of_5_admits_exactly_5_long_calls_across_two_edges_and_BYE_frees_the_lines()
    {
        var before = await cluster.StatsAsync("cust-ip");
        using var vendorA = SippCall.Vendor("vendor_uas.xml", cluster.VendorPorts["vendorA"], calls: 5);
        using var viaFirst = SippCall.Customer(cluster.First.Udp, Customer, "12025550101", calls: 4, ratePerSecond: 50, holdMs: 4000);
        using var viaSecond = SippCall.Customer(cluster.Second.Udp, Customer, "12025550102", calls: 4, ratePerSecond: 50, holdMs: 4000);

        await FinishAsync(viaFirst, viaSecond, vendorA);

        var answered = viaFirst.Count("answered") + viaSecond.Count("answered");
        var refused = viaFirst.Count("refused") + viaSecond.Count("refused");
        Assert.True((answered, refused) == (5, 3), Explain(viaFirst, viaSecond, vendorA));
        Assert.Equal(5, vendorA.Count("answered"));

        // Every BYE has been answered, so every line is free again, on both gateways.
        var after = await cluster.StatsAsync("cust-ip");
        Assert.Equal(0, after.LinesInUse);
        Assert.Equal(0, (await cluster.StatsAsync("vendorA")).LinesInUse);
        Assert.Equal((5, 5), (after.Attempts - before.Attempts, after.Answered - before.Answered));
    }

    [Fact]
    public async Task ASR_and_ACD_of_the_gateway_grains_and_the_admin_API_match_the_calls_placed()
    {
        var beforeUk = await cluster.StatsAsync("vendorUK");
        var beforeCustomer = await cluster.StatsAsync("cust-ip");
        using var vendorUk = SippCall.Vendor("vendor_uas.xml", cluster.VendorPorts["vendorUK"], calls: 3);
        using var customer = SippCall.Customer(cluster.First.Udp, Customer, "442079460000", calls: 3, ratePerSecond: 10, holdMs: 1000);

        await FinishAsync(customer, vendorUk);

        Assert.True(customer.Count("answered") == 3, Explain(customer, vendorUk));
        var afterUk = await cluster.StatsAsync("vendorUK");
        var afterCustomer = await cluster.StatsAsync("cust-ip");
        Assert.Equal((3, 3), (afterUk.Attempts - beforeUk.Attempts, afterUk.Answered - beforeUk.Answered));
        Assert.Equal(1.0, afterUk.Asr);
        Assert.Equal((3, 3), (afterCustomer.Attempts - beforeCustomer.Attempts, afterCustomer.Answered - beforeCustomer.Answered));

        // ACD: the talk time these three calls added, per call, is the 1 s hold (plus signalling, well under a second).
        var added = (TotalTalk(afterUk) - TotalTalk(beforeUk)) / 3;
        Assert.InRange(added, TimeSpan.FromMilliseconds(950), TimeSpan.FromMilliseconds(2000));

        // The operator's view: the silo's admin API reads the same grain.
        var live = (await cluster.Admin.GetFromJsonAsync<JsonElement>("/api/gateways/vendorUK")).GetProperty("live");
        Assert.Equal(afterUk.Attempts, live.GetProperty("attempts").GetInt64());
        Assert.Equal(afterUk.Answered, live.GetProperty("answered").GetInt64());
        Assert.Equal(1.0, live.GetProperty("asr").GetDouble());
        Assert.Equal(afterUk.Acd.TotalSeconds, live.GetProperty("acdSeconds").GetDouble(), 3);
    }

    [Fact]
    public async Task Each_vendor_gets_the_number_rewritten_its_own_way_and_the_failover_one_answers()
    {
        var frPort = cluster.VendorPorts["vendorFR"];
        var fr2Port = cluster.VendorPorts["vendorFR2"];
        using var vendorFr = new UdpSipParty("127.0.0.1", frPort);
        using var vendorFr2 = new UdpSipParty("127.0.0.1", fr2Port);
        using var customer = SippCall.Customer(cluster.First.Udp, Customer, "33142685300", calls: 1, ratePerSecond: 1, holdMs: 100);

        // vendorFR: strip_digits 2, add_prefix "0", the French national format. It refuses.
        var (toFr, fromEdge) = await vendorFr.ExpectAsync("INVITE ");
        Assert.StartsWith($"INVITE sip:0142685300@127.0.0.1:{frPort} SIP/2.0\r\n", toFr);
        await vendorFr.SendAsync(UdpSipParty.Response(toFr, 503, "Service Unavailable", "fr"), fromEdge);

        // vendorFR2: add_prefix "00" only; each attempt is a dialog of its own, addressed with the vendor's number.
        var (toFr2, fromEdge2) = await vendorFr2.ExpectAsync("INVITE ");
        Assert.StartsWith($"INVITE sip:0033142685300@127.0.0.1:{fr2Port} SIP/2.0\r\n", toFr2);
        Assert.Contains("sip:0033142685300@", UdpSipParty.Header(toFr2, "To"));
        Assert.NotEqual(UdpSipParty.Header(toFr, "Call-ID"), UdpSipParty.Header(toFr2, "Call-ID"));
        await vendorFr2.SendAsync(UdpSipParty.Response(toFr2, 200, "OK", "fr2", $"Contact: <sip:127.0.0.1:{fr2Port}>\r\n"), fromEdge2);
        await vendorFr2.ExpectAsync("ACK ");
        var (bye, byeFrom) = await vendorFr2.ExpectAsync("BYE ");
        await vendorFr2.SendAsync(UdpSipParty.Response(bye, 200, "OK", "fr2"), byeFrom);

        await FinishAsync(customer);
        Assert.True(customer.Count("answered") == 1, Explain(customer));
        Assert.Equal(0, (await cluster.StatsAsync("vendorFR2")).LinesInUse);
    }

    private static TimeSpan TotalTalk(GatewayStats stats) => stats.Acd * stats.Answered;

    private async Task FinishAsync(params SippCall[] calls)
    {
        foreach (var call in calls)
        {
            try
            {
                await call.WaitAsync(s_deadline);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}\n{Explain(calls)}", e);
            }
        }
    }

    private string Explain(params SippCall[] calls) =>
        string.Join("\n", calls.Select(c => $"{c.Description}\nlog: {string.Join(" | ", c.Lines())}\n{c.Output}")) + "\n" + cluster.EdgeLogs;
}
