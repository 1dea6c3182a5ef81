using System.Net.Http.Json;
using System.Globalization;
using System.Net;
using Cluster.Grains.Cdr;

namespace Cluster.Tests.Calls;

/// <summary>
/// The call as two legs joined by its call grain (B2BUA), with raw UDP customers and vendors through two real edges:
/// neither party ever learns the other's address, host, Call-ID or tag; in-dialog requests of either party reach the
/// other with that leg's identifiers; CANCEL works through the edge that did not route the INVITE; stray and forged
/// in-dialog requests are refused; re-INVITE glare gets 491; and each call attempt's CDR says what happened.
/// </summary>
public sealed class BackToBackTests(CallCluster cluster) : IClassFixture<CallCluster>
{
    private const string Sdp = BackToBack.Sdp;

    private const string AnswerSdp = BackToBack.AnswerSdp;

    [Fact]
    public async Task The_caller_never_sees_the_vendor_nor_the_vendor_the_caller_and_the_CDR_says_who_talked_how_long()
    {
        var vendorPort = cluster.VendorPorts["vendorUK"];
        using var vendor = new UdpSipParty("127.0.0.1", vendorPort);
        using var customer = new UdpSipParty("127.0.0.21");
        var edge = cluster.First.Udp;
        var callId = "hidden-" + Guid.NewGuid().ToString("N") + "@cust-host.example";
        var customerHeaders = "Record-Route: <sip:cust-proxy.example;lr>\r\nUser-Agent: custphone/1.0 cust-host.example\r\n";
        await customer.SendAsync(BackToBack.Invite("442071234500", customer, edge, callId, customerHeaders, Sdp), edge);

        var (invite, fromEdge) = await vendor.ExpectAsync("INVITE ");
        Assert.EndsWith(Sdp, invite, StringComparison.Ordinal); // SDP passes unchanged (media is not relayed yet)
        var vendorHeaders =
            $"Contact: <sip:uk@127.0.0.1:{vendorPort}>\r\nRecord-Route: <sip:vendor-proxy.example;lr>\r\n" +
            "Server: vendorswitch vendor-host.example\r\nWarning: 399 vendor-host.example \"x\"\r\nP-Asserted-Identity: <sip:+44@vendor-host.example>\r\n";
        await vendor.SendAsync(UdpSipParty.Response(invite, 180, "Ringing", "vt1", vendorHeaders), fromEdge);
        await customer.ExpectAsync("SIP/2.0 180");
        await vendor.SendAsync(UdpSipParty.Response(invite, 200, "OK", "vt1", vendorHeaders, AnswerSdp), fromEdge);
        var (ok, _) = await customer.ExpectAsync("SIP/2.0 200", "INVITE");
        Assert.EndsWith(AnswerSdp, ok, StringComparison.Ordinal);
        var vendorAck = await vendor.ExpectAsync("ACK ");

        // the customer hangs up through the other edge, to our Contact, as a UA that ignores Record-Route does
        var contact = UdpSipParty.Header(ok, "Contact")!.Trim('<', '>');
        var to = UdpSipParty.Header(ok, "To")!;
        await customer.SendAsync(BackToBack.InDialog("ACK", 1, contact, to, customer, callId), cluster.Second.Udp);
        await customer.SendAsync(BackToBack.InDialog("BYE", 2, contact, to, customer, callId), cluster.Second.Udp);
        await customer.ExpectAsync("SIP/2.0 200", "BYE");
        var (bye, byeFrom) = await vendor.ExpectAsync("BYE ");
        await vendor.SendAsync(UdpSipParty.Response(bye, 200, "OK", "vt1"), byeFrom);

        var vendorSide = new[] { vendorPort.ToString(CultureInfo.InvariantCulture), "vendor-host", "vendor-proxy", "vt1", UdpSipParty.Header(invite, "Call-ID")! };
        foreach (var message in customer.Received)
        {
            var headers = message[..message.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
            Assert.All(vendorSide, secret => Assert.DoesNotContain(secret, headers, StringComparison.Ordinal));
        }

        var customerSide = new[] { "127.0.0.21", customer.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture), "cust-host", "cust-proxy", "hidden-", BackToBack.FromTag(callId) };
        foreach (var message in vendor.Received)
        {
            var headers = message[..message.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
            Assert.All(customerSide, secret => Assert.DoesNotContain(secret, headers, StringComparison.Ordinal));
        }

        var cdr = await CdrRecords.OfAsync(cluster.Redis, callId);
        Assert.Equal(("cust-ip", "vendorUK", "cust", "442071234500", "442071234500"), (cdr.Customer, cdr.Vendor, cdr.CallerNumber, cdr.CalleeDialled, cdr.CalleeSent));
        Assert.Equal((200, CallReleaser.Caller), (cdr.Status, cdr.ReleasedBy));
        Assert.Equal(("PCMU PCMA telephone-event", "PCMA telephone-event"), (cdr.CodecsOffered, cdr.CodecsAnswered));
        Assert.Equal($"{customer.LocalEndPoint}", cdr.CustomerAddress);
        Assert.Equal($"127.0.0.1:{vendorPort}", cdr.VendorAddress);
        Assert.True(cdr.InviteAtMs <= cdr.ProgressAtMs && cdr.ProgressAtMs <= cdr.AnsweredAtMs && cdr.AnsweredAtMs <= cdr.EndedAtMs, $"{cdr}");
        Assert.InRange(cdr.BillableSeconds, 1, 2);
        Assert.Equal(new VendorAttempt("vendorUK", "442071234500", cdr.AnsweredAtMs, 200), Assert.Single(cdr.Attempts));
        Assert.NotNull(vendorAck.Text);
    }

    [Fact]
    public async Task A_CANCEL_through_the_other_edge_stops_the_ringing_vendor_and_ends_the_call_with_487()
    {
        using var vendor = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorUK"]);
        using var customer = new UdpSipParty("127.0.0.21");
        var callId = "cancel-elsewhere-" + Guid.NewGuid().ToString("N");
        var invite = BackToBack.Invite("442071234501", customer, cluster.First.Udp, callId, string.Empty, Sdp, branch: "z9hG4bKce" + callId[^12..]);
        await customer.SendAsync(invite, cluster.First.Udp);
        var (forwarded, fromEdge) = await vendor.ExpectAsync("INVITE ");
        await vendor.SendAsync(UdpSipParty.Response(forwarded, 180, "Ringing", "vc1"), fromEdge);
        await customer.ExpectAsync("SIP/2.0 180");

        var cancel = invite.Replace("INVITE sip:", "CANCEL sip:", StringComparison.Ordinal).Replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL", StringComparison.Ordinal);
        await customer.SendAsync(cancel[..cancel.IndexOf("Content-Type", StringComparison.Ordinal)] + "Content-Length: 0\r\n\r\n", cluster.Second.Udp);
        await customer.ExpectAsync("SIP/2.0 200", "CANCEL");
        var (vendorCancel, cancelFrom) = await vendor.ExpectAsync("CANCEL ");
        Assert.Equal(UdpSipParty.Header(forwarded, "Via"), UdpSipParty.Header(vendorCancel, "Via")); // matches the INVITE (§9.1)
        Assert.Equal(UdpSipParty.Header(forwarded, "Call-ID"), UdpSipParty.Header(vendorCancel, "Call-ID"));
        await vendor.SendAsync(UdpSipParty.Response(vendorCancel, 200, "OK", "vc1"), cancelFrom);
        await vendor.SendAsync(UdpSipParty.Response(forwarded, 487, "Request Terminated", "vc1"), fromEdge);
        await customer.ExpectAsync("SIP/2.0 487");
        await vendor.ExpectAsync("ACK ");

        var cdr = await CdrRecords.OfAsync(cluster.Redis, callId);
        Assert.Equal((487, CallReleaser.Caller, 0L), (cdr.Status, cdr.ReleasedBy, cdr.BillableSeconds));
        Assert.Equal(487, Assert.Single(cdr.Attempts).Status);
        Assert.True(cdr.ProgressAtMs > 0);
        Assert.Equal(0, (await cluster.StatsAsync("cust-ip")).LinesInUse);
    }

    [Fact]
    public async Task A_failed_over_call_ending_busy_lists_both_vendors_and_the_Q850_cause_in_its_CDR()
    {
        using var vendorA = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorA"]);
        using var vendorB = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorB"]);
        using var customer = new UdpSipParty("127.0.0.21");
        var callId = "busy-" + Guid.NewGuid().ToString("N");
        await customer.SendAsync(BackToBack.Invite("12025550140", customer, cluster.Second.Udp, callId, string.Empty, Sdp), cluster.Second.Udp);
        var (toA, fromA) = await vendorA.ExpectAsync("INVITE ");
        await vendorA.SendAsync(UdpSipParty.Response(toA, 503, "Service Unavailable", "a1"), fromA);
        await vendorA.ExpectAsync("ACK ");
        var (toB, fromB) = await vendorB.ExpectAsync("INVITE ");
        await vendorB.SendAsync(UdpSipParty.Response(toB, 486, "Busy Here", "b1", "Reason: Q.850;cause=17;text=\"user busy\"\r\n"), fromB);
        var (busy, _) = await customer.ExpectAsync("SIP/2.0 486");
        Assert.Contains("cause=17", UdpSipParty.Header(busy, "Reason"), StringComparison.Ordinal);

        var cdr = await CdrRecords.OfAsync(cluster.Redis, callId);
        Assert.Equal((486, 17, CallReleaser.Callee, "vendorB"), (cdr.Status, cdr.Q850Cause, cdr.ReleasedBy, cdr.Vendor));
        Assert.Equal(["vendorA:503", "vendorB:486"], cdr.Attempts.Select(a => $"{a.Vendor}:{a.Status}"));
        Assert.Equal((0, 0), ((await cluster.StatsAsync("vendorA")).LinesInUse, (await cluster.StatsAsync("vendorB")).LinesInUse));
    }

    [Fact]
    public async Task An_unanswered_call_rings_then_ends_480_with_its_ringing_time_and_nothing_billable()
    {
        using var vendor = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorUK"]);
        using var customer = new UdpSipParty("127.0.0.21");
        var callId = "unanswered-" + Guid.NewGuid().ToString("N");
        await customer.SendAsync(BackToBack.Invite("442071234502", customer, cluster.First.Udp, callId, string.Empty, Sdp), cluster.First.Udp);
        var (invite, fromEdge) = await vendor.ExpectAsync("INVITE ");
        await vendor.SendAsync(UdpSipParty.Response(invite, 183, "Session Progress", "u1", string.Empty, AnswerSdp), fromEdge);
        var (progress, _) = await customer.ExpectAsync("SIP/2.0 183");
        Assert.EndsWith(AnswerSdp, progress, StringComparison.Ordinal); // early media's SDP reaches the caller
        await vendor.SendAsync(UdpSipParty.Response(invite, 480, "Temporarily Unavailable", "u1"), fromEdge);
        await customer.ExpectAsync("SIP/2.0 480");

        var cdr = await CdrRecords.OfAsync(cluster.Redis, callId);
        Assert.Equal((480, CallReleaser.Callee, 0L, 0L), (cdr.Status, cdr.ReleasedBy, cdr.AnsweredAtMs, cdr.BillableSeconds));
        Assert.True(cdr.ProgressAtMs >= cdr.InviteAtMs && cdr.EndedAtMs >= cdr.ProgressAtMs, $"{cdr}");
    }

    [Fact]
    public async Task The_vendors_re_INVITE_and_BYE_reach_the_customer_in_its_own_dialog_and_glare_gets_491()
    {
        var vendorPort = cluster.VendorPorts["vendorUK"];
        using var vendor = new UdpSipParty("127.0.0.1", vendorPort);
        using var customer = new UdpSipParty("127.0.0.21");
        var callId = "vendor-side-" + Guid.NewGuid().ToString("N");
        await customer.SendAsync(BackToBack.Invite("442071234503", customer, cluster.First.Udp, callId, string.Empty, Sdp), cluster.First.Udp);
        var (invite, fromEdge) = await vendor.ExpectAsync("INVITE ");
        await vendor.SendAsync(UdpSipParty.Response(invite, 200, "OK", "vr1", $"Contact: <sip:uk@127.0.0.1:{vendorPort}>\r\n", AnswerSdp), fromEdge);
        var (ok, _) = await customer.ExpectAsync("SIP/2.0 200", "INVITE");
        await vendor.ExpectAsync("ACK ");

        // the vendor re-INVITEs (through the other edge): the customer gets it at its Contact, in its dialog
        var ours = UdpSipParty.Header(invite, "Contact")!.Trim('<', '>');
        var vendorDialog = (From: UdpSipParty.Header(invite, "To") + ";tag=vr1", To: UdpSipParty.Header(invite, "From")!, CallId: UdpSipParty.Header(invite, "Call-ID")!);
        await vendor.SendAsync(BackToBack.VendorRequest("INVITE", 5, ours, vendorDialog, vendorPort, AnswerSdp), cluster.Second.Udp);
        var (reinvite, reinviteFrom) = await customer.ExpectAsync("INVITE ");
        Assert.StartsWith($"INVITE sip:cust@{customer.LocalEndPoint} SIP/2.0", reinvite, StringComparison.Ordinal);
        Assert.Equal((callId, UdpSipParty.Header(ok, "To")), (UdpSipParty.Header(reinvite, "Call-ID"), UdpSipParty.Header(reinvite, "From")));

        // meanwhile the customer re-INVITEs too: glare
        var contact = UdpSipParty.Header(ok, "Contact")!.Trim('<', '>');
        await customer.SendAsync(BackToBack.InDialog("INVITE", 2, contact, UdpSipParty.Header(ok, "To")!, customer, callId), cluster.First.Udp);
        await customer.ExpectAsync("SIP/2.0 491", "INVITE");

        await customer.SendAsync(UdpSipParty.Response(reinvite, 200, "OK", "x", $"Contact: <sip:cust@{customer.LocalEndPoint}>\r\n", Sdp), reinviteFrom);
        var (reinviteOk, _) = await vendor.ExpectAsync("SIP/2.0 200", "INVITE");
        Assert.Equal(vendorDialog.CallId, UdpSipParty.Header(reinviteOk, "Call-ID"));
        Assert.EndsWith(Sdp, reinviteOk, StringComparison.Ordinal);
        await vendor.SendAsync(BackToBack.VendorRequest("ACK", 5, ours, vendorDialog, vendorPort, string.Empty), cluster.Second.Udp);
        var (customerAck, _) = await customer.ExpectAsync("ACK ");
        Assert.Equal(UdpSipParty.Header(reinvite, "CSeq")!.Split(' ')[0], UdpSipParty.Header(customerAck, "CSeq")!.Split(' ')[0]);

        // the vendor hangs up: the customer's BYE comes in its dialog, and the CDR names the callee
        await vendor.SendAsync(BackToBack.VendorRequest("BYE", 6, ours, vendorDialog, vendorPort, string.Empty), cluster.First.Udp);
        await vendor.ExpectAsync("SIP/2.0 200", "BYE");
        var (bye, byeFrom) = await customer.ExpectAsync("BYE ");
        Assert.Equal(callId, UdpSipParty.Header(bye, "Call-ID"));
        await customer.SendAsync(UdpSipParty.Response(bye, 200, "OK", "x"), byeFrom);
        Assert.Equal(CallReleaser.Callee, (await CdrRecords.OfAsync(cluster.Redis, callId)).ReleasedBy);
    }

    [Fact]
    public async Task With_SS_REPLY_UNAUTHORIZED_off_a_strangers_in_dialog_request_gets_no_answer_at_all()
    {
        var marks = cluster.LogMarks();
        using var off = await cluster.Admin.PutAsJsonAsync("/api/params/reply_unauthorized", new { value = "off" });
        Assert.True(off.IsSuccessStatusCode, await off.Content.ReadAsStringAsync());
        try
        {
            var version = System.Text.Json.JsonDocument.Parse(await off.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64();
            await cluster.BothEdgesFollowAsync(version, marks);
            using var customer = new UdpSipParty("127.0.0.21");
            using var stranger = new UdpSipParty("127.0.0.35");
            using var vendor = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorUK"]);
            var edge = cluster.First.Udp;
            var callId = "silent-" + Guid.NewGuid().ToString("N");
            await customer.SendAsync(BackToBack.Invite("442071234505", customer, edge, callId), edge);
            var (invite, fromEdge) = await vendor.ExpectAsync("INVITE ");
            await vendor.SendAsync(UdpSipParty.Response(invite, 200, "OK", "s1", $"Contact: <sip:uk@{vendor.LocalEndPoint}>\r\n", AnswerSdp), fromEdge);
            var (ok, _) = await customer.ExpectAsync("SIP/2.0 200", "INVITE");
            var contact = UdpSipParty.Header(ok, "Contact")!.Trim('<', '>');
            var to = UdpSipParty.Header(ok, "To")!;
            await customer.SendAsync(BackToBack.InDialog("ACK", 1, contact, to, customer, callId), edge);

            // the stranger's BYE goes first; by the time the customer's own BYE is answered, an answer to it would be out
            await stranger.SendAsync(BackToBack.InDialog("BYE", 2, contact, to, customer, callId), edge);
            await customer.SendAsync(BackToBack.InDialog("BYE", 3, contact, to, customer, callId), edge);
            await customer.ExpectAsync("SIP/2.0 200", "BYE");
            await Assert.ThrowsAsync<TimeoutException>(() => stranger.ExpectAsync("SIP/2.0", wait: TimeSpan.FromSeconds(1)));
            var (vendorBye, byeFrom) = await vendor.ExpectAsync("BYE ");
            await vendor.SendAsync(UdpSipParty.Response(vendorBye, 200, "OK", "s1"), byeFrom);
        }
        finally
        {
            // marks before the change: an edge may follow it before the answer to the PUT is read
            var restored = cluster.LogMarks();
            using var on = await cluster.Admin.PutAsJsonAsync("/api/params/reply_unauthorized", new { value = "on" });
            var version = System.Text.Json.JsonDocument.Parse(await on.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64();
            await cluster.BothEdgesFollowAsync(version, restored);
        }
    }

    [Fact]
    public async Task An_in_dialog_request_of_no_call_gets_481_one_from_another_address_403_and_REFER_405()
    {
        using var customer = new UdpSipParty("127.0.0.21");
        using var stranger = new UdpSipParty("127.0.0.35");
        using var vendor = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorUK"]);
        var edge = cluster.First.Udp;
        await customer.SendAsync(BackToBack.InDialog("BYE", 2, $"sip:{edge}", "<sip:x@127.0.0.1>;tag=none", customer, "no-such-call-" + Guid.NewGuid().ToString("N")), edge);
        await customer.ExpectAsync("SIP/2.0 481", "BYE");

        var callId = "forged-" + Guid.NewGuid().ToString("N");
        await customer.SendAsync(BackToBack.Invite("442071234504", customer, edge, callId, string.Empty, Sdp), edge);
        var (invite, fromEdge) = await vendor.ExpectAsync("INVITE ");
        await vendor.SendAsync(UdpSipParty.Response(invite, 200, "OK", "f1", $"Contact: <sip:uk@127.0.0.1:{cluster.VendorPorts["vendorUK"]}>\r\n", AnswerSdp), fromEdge);
        var (ok, _) = await customer.ExpectAsync("SIP/2.0 200", "INVITE");

        var contact = UdpSipParty.Header(ok, "Contact")!.Trim('<', '>');
        var to = UdpSipParty.Header(ok, "To")!;
        await customer.SendAsync(BackToBack.InDialog("ACK", 1, contact, to, customer, callId), edge);

        // the same dialog's BYE (the customer's Via, its own branch) from an address that is not the customer's: refused, the call goes on
        await stranger.SendAsync(BackToBack.InDialog("BYE", 2, contact, to, customer, callId), edge);
        await stranger.ExpectAsync("SIP/2.0 403", "BYE");
        Assert.Equal(1, (await cluster.StatsAsync("cust-ip")).LinesInUse);
        // a transfer is refused clearly, and the call goes on
        await customer.SendAsync(BackToBack.InDialog("REFER", 2, contact, to, customer, callId), edge);
        var (refer, _) = await customer.ExpectAsync("SIP/2.0 405", "REFER");
        Assert.Contains("BYE", UdpSipParty.Header(refer, "Allow"), StringComparison.Ordinal);

        await customer.SendAsync(BackToBack.InDialog("BYE", 3, contact, to, customer, callId), edge);
        await customer.ExpectAsync("SIP/2.0 200", "BYE");
        var (vendorBye, byeFrom) = await vendor.ExpectAsync("BYE ");
        await vendor.SendAsync(UdpSipParty.Response(vendorBye, 200, "OK", "f1"), byeFrom);
        Assert.Equal(0, (await cluster.StatsAsync("cust-ip")).LinesInUse);
    }
}
