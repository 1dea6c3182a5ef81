using System.Net;
using Cluster.Grains.Cdr;

namespace Cluster.Tests.Calls;

/// <summary>
/// The cluster ending calls by itself, with edges on short SIP timers (T1 100 ms: Timer B/F 6.4 s; ring timeout 3 s;
/// dead-call check every 2 s): a leg that stops answering in-dialog OPTIONS ends the call with BYE from an edge's
/// address; an edge that dies while the vendor rings leaves no stuck call; an operator's hang-up sends the BYEs from
/// an edge. Own cluster per test: one stops an edge.
/// </summary>
public sealed class CallSupervisionTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly CallCluster _cluster = new("  sip_t1_ms: 100\n  ring_timeout_s: 3\n  dead_call_check_s: 2\n");

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task A_vendor_that_stops_answering_OPTIONS_is_a_dead_call_ended_with_BYE_from_an_edge()
    {
        using var vendor = new UdpSipParty("127.0.0.1", _cluster.VendorPorts["vendorUK"]);
        using var customer = new UdpSipParty("127.0.0.21");
        var callId = "dead-" + Guid.NewGuid().ToString("N");
        await AnsweredCallAsync(customer, vendor, callId);

        // the customer answers its checks; the vendor has gone silent
        var (options, optionsFrom) = await customer.ExpectAsync("OPTIONS ", wait: Wait);
        Assert.Equal(callId, UdpSipParty.Header(options, "Call-ID"));
        await customer.SendAsync(UdpSipParty.Response(options, 200, "OK", "x"), optionsFrom);
        var (bye, byeFrom) = await customer.ExpectAsync("BYE ", wait: Wait);
        Assert.Contains(byeFrom, new[] { _cluster.First.Udp, _cluster.Second.Udp });
        Assert.Contains("cause=102", UdpSipParty.Header(bye, "Reason"), StringComparison.Ordinal);
        await customer.SendAsync(UdpSipParty.Response(bye, 200, "OK", "x"), byeFrom);

        var cdr = await CdrRecords.OfAsync(_cluster.Redis, callId);
        Assert.Equal((CallReleaser.DeadCall, 200), (cdr.ReleasedBy, cdr.Status));
        Assert.Equal(0, (await _cluster.StatsAsync("cust-ip")).LinesInUse);
        Assert.Equal(0, (await _cluster.StatsAsync("vendorUK")).LinesInUse);
    }

    [Fact]
    public async Task An_edge_killed_while_the_vendor_rings_leaves_no_stuck_call_its_lines_freed_and_a_CDR_saying_so()
    {
        using var vendor = new UdpSipParty("127.0.0.1", _cluster.VendorPorts["vendorUK"]);
        using var customer = new UdpSipParty("127.0.0.21");
        var callId = "edge-lost-" + Guid.NewGuid().ToString("N");
        await customer.SendAsync(BackToBack.Invite("442071234510", customer, _cluster.First.Udp, callId), _cluster.First.Udp);
        var (invite, fromEdge) = await vendor.ExpectAsync("INVITE ");
        await vendor.SendAsync(UdpSipParty.Response(invite, 180, "Ringing", "l1"), fromEdge);
        await customer.ExpectAsync("SIP/2.0 180");
        Assert.Equal(1, (await _cluster.StatsAsync("cust-ip")).LinesInUse);

        _cluster.StopFirstEdge();

        var cdr = await CdrRecords.OfAsync(_cluster.Redis, callId, Wait);
        Assert.Equal(CallReleaser.EdgeLost, cdr.ReleasedBy);
        Assert.Equal(("vendorUK", 408), (Assert.Single(cdr.Attempts).Vendor, cdr.Attempts[0].Status));
        Assert.Equal(0, (await _cluster.StatsAsync("cust-ip")).LinesInUse);
        Assert.Equal(0, (await _cluster.StatsAsync("vendorUK")).LinesInUse);
    }

    [Fact]
    public async Task An_operators_hang_up_sends_both_BYEs_from_an_edge_and_the_CDR_names_the_operator()
    {
        using var vendor = new UdpSipParty("127.0.0.1", _cluster.VendorPorts["vendorUK"]);
        using var customer = new UdpSipParty("127.0.0.21");
        var callId = "operator-" + Guid.NewGuid().ToString("N");
        var id = await AnsweredCallAsync(customer, vendor, callId);

        var shown = await _cluster.Admin.GetStringAsync($"/api/calls/{id}");
        Assert.Contains("\"answered\"", shown.ToLowerInvariant(), StringComparison.Ordinal);
        var live = System.Text.Json.JsonDocument.Parse(await _cluster.Admin.GetStringAsync("/api/calls/live")).RootElement;
        var listed = Assert.Single(live.EnumerateArray().ToList());
        Assert.Equal((id, "cust-ip", "vendorUK", "442071234511"), (listed.GetProperty("callId").GetString(), listed.GetProperty("customer").GetString(),
            listed.GetProperty("vendor").GetString(), listed.GetProperty("calleeDialled").GetString()));
        Assert.Equal(customer.LocalEndPoint.ToString(), listed.GetProperty("customerAddress").GetString());
        using var hangup = await _cluster.Admin.PostAsync($"/api/calls/{id}/hangup", null);
        Assert.Equal(HttpStatusCode.OK, hangup.StatusCode);

        var (customerBye, fromEdge) = await customer.ExpectAsync("BYE ");
        var (vendorBye, vendorFrom) = await vendor.ExpectAsync("BYE ");
        Assert.Contains(fromEdge, new[] { _cluster.First.Udp, _cluster.Second.Udp });
        Assert.Contains(vendorFrom, new[] { _cluster.First.Udp, _cluster.Second.Udp });
        Assert.Contains("cause=16", UdpSipParty.Header(customerBye, "Reason"), StringComparison.Ordinal);
        await customer.SendAsync(UdpSipParty.Response(customerBye, 200, "OK", "x"), fromEdge);
        await vendor.SendAsync(UdpSipParty.Response(vendorBye, 200, "OK", "x"), vendorFrom);

        Assert.Equal(CallReleaser.Operator, (await CdrRecords.OfAsync(_cluster.Redis, callId)).ReleasedBy);
        using var again = await _cluster.Admin.PostAsync($"/api/calls/{id}/hangup", null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_call_at_its_maximum_duration_gets_both_BYEs_from_an_edge_within_a_second_of_the_limit()
    {
        using var vendor = new UdpSipParty("127.0.0.1", _cluster.VendorPorts["vendorA"]);
        using var customer = new UdpSipParty(CallCluster.ShortCallsCustomer);
        var callId = "max-duration-" + Guid.NewGuid().ToString("N");
        await customer.SendAsync(BackToBack.Invite("12025550100", customer, _cluster.Second.Udp, callId), _cluster.Second.Udp);
        var (invite, fromEdge) = await vendor.ExpectAsync("INVITE ");
        await vendor.SendAsync(UdpSipParty.Response(invite, 200, "OK", "m1", $"Contact: <sip:a@{vendor.LocalEndPoint}>\r\n", BackToBack.AnswerSdp), fromEdge);
        var (ok, _) = await customer.ExpectAsync("SIP/2.0 200", "INVITE");
        await customer.SendAsync(BackToBack.InDialog("ACK", 1, UdpSipParty.Header(ok, "Contact")!.Trim('<', '>'), UdpSipParty.Header(ok, "To")!, customer, callId), _cluster.Second.Udp);

        // cust-short may talk 2 s: the mapping gateway's timer (every second) ends it, an edge sends the BYEs
        var (customerBye, byeFrom) = await customer.ExpectAsync("BYE ", wait: Wait);
        var (vendorBye, vendorByeFrom) = await vendor.ExpectAsync("BYE ", wait: Wait);
        Assert.Contains(byeFrom, new[] { _cluster.First.Udp, _cluster.Second.Udp });
        Assert.Contains(vendorByeFrom, new[] { _cluster.First.Udp, _cluster.Second.Udp });
        Assert.Contains("cause=102", UdpSipParty.Header(vendorBye, "Reason"), StringComparison.Ordinal);
        await customer.SendAsync(UdpSipParty.Response(customerBye, 200, "OK", "x"), byeFrom);
        await vendor.SendAsync(UdpSipParty.Response(vendorBye, 200, "OK", "m1"), vendorByeFrom);

        var cdr = await CdrRecords.OfAsync(_cluster.Redis, callId);
        Assert.Equal((CallReleaser.MaximumDuration, 102), (cdr.ReleasedBy, cdr.Q850Cause));

        // ended within a second of the limit (the gateway's timer ticks every second), measured from the answer
        Assert.InRange(cdr.EndedAtMs - cdr.AnsweredAtMs, 2000, 3200);
    }

    /// <summary>Places a call from <paramref name="customer"/> through the first edge that the vendor answers; returns the call's id.</summary>
    private async Task<string> AnsweredCallAsync(UdpSipParty customer, UdpSipParty vendor, string callId)
    {
        await customer.SendAsync(BackToBack.Invite("442071234511", customer, _cluster.First.Udp, callId), _cluster.First.Udp);
        var (invite, fromEdge) = await vendor.ExpectAsync("INVITE ");
        await vendor.SendAsync(UdpSipParty.Response(invite, 200, "OK", "s1", $"Contact: <sip:uk@{vendor.LocalEndPoint}>\r\n", BackToBack.AnswerSdp), fromEdge);
        var (ok, _) = await customer.ExpectAsync("SIP/2.0 200", "INVITE");
        await vendor.ExpectAsync("ACK ");
        var contact = UdpSipParty.Header(ok, "Contact")!.Trim('<', '>');
        await customer.SendAsync(BackToBack.InDialog("ACK", 1, contact, UdpSipParty.Header(ok, "To")!, customer, callId), _cluster.First.Udp);
        return contact[4..contact.IndexOf('@')];
    }
}
