using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Cluster.Tests.Calls;

/// <summary>
/// Call signalling the SIPp scenarios do not cover, with raw UDP customers and vendors: CANCEL while the
/// vendor rings, a password customer answering the 407 challenge, a busy vendor's 486 relayed (no failover).
/// </summary>
public sealed class CallSignallingTests(CallCluster cluster) : IClassFixture<CallCluster>
{
    [Fact]
    public async Task CANCEL_while_the_vendor_rings_cancels_it_and_the_customer_gets_487_with_its_line_freed()
    {
        var before = await cluster.StatsAsync("cust-ip");
        using var vendor = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorUK"]);
        using var customer = new UdpSipParty("127.0.0.21");
        var edge = cluster.First.Udp;
        var branch = "z9hG4bK" + Guid.NewGuid().ToString("N")[..12];
        var invite = Request("INVITE", "442071234567", customer, edge, branch, "cancel-" + Guid.NewGuid().ToString("N"));

        await customer.SendAsync(invite, edge);
        var (forwarded, fromEdge) = await vendor.ExpectAsync("INVITE ");
        await vendor.SendAsync(UdpSipParty.Response(forwarded, 180, "Ringing", "v1"), fromEdge);
        await customer.ExpectAsync("SIP/2.0 180");

        await customer.SendAsync(invite.Replace("INVITE sip:", "CANCEL sip:").Replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL"), edge);
        await customer.ExpectAsync("SIP/2.0 200", "CANCEL");
        var (cancel, _) = await vendor.ExpectAsync("CANCEL ");
        await vendor.SendAsync(UdpSipParty.Response(cancel, 200, "OK", "v1"), fromEdge);
        await vendor.SendAsync(UdpSipParty.Response(forwarded, 487, "Request Terminated", "v1"), fromEdge);
        var (terminated, _) = await customer.ExpectAsync("SIP/2.0 487");
        await vendor.ExpectAsync("ACK ");

        Assert.Contains(branch, UdpSipParty.Header(terminated, "Via"));
        var after = await cluster.StatsAsync("cust-ip");
        Assert.Equal(0, after.LinesInUse);
        Assert.Equal((1, 0), (after.Attempts - before.Attempts, after.Answered - before.Answered));
    }

    [Fact]
    public async Task ACK_and_BYE_without_Route_sent_to_the_other_edge_reach_the_vendor_and_free_both_gateways_lines()
    {
        var beforeCustomer = await cluster.StatsAsync("cust-ip");
        var beforeVendor = await cluster.StatsAsync("vendorUK");
        var vendorPort = cluster.VendorPorts["vendorUK"];
        using var vendor = new UdpSipParty("127.0.0.1", vendorPort);
        using var customer = new UdpSipParty("127.0.0.21");
        var callId = "other-edge-" + Guid.NewGuid().ToString("N");
        await customer.SendAsync(Request("INVITE", "442070000001", customer, cluster.First.Udp, "z9hG4bKo1" + callId[11..21], callId), cluster.First.Udp);
        var (forwarded, fromEdge) = await vendor.ExpectAsync("INVITE ");
        Assert.DoesNotContain(callId, forwarded, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.21", forwarded, StringComparison.Ordinal);
        await vendor.SendAsync(UdpSipParty.Response(forwarded, 200, "OK", "v2", $"Contact: <sip:uk@127.0.0.1:{vendorPort}>\r\n"), fromEdge);
        var (ok, _) = await customer.ExpectAsync("SIP/2.0 200", "INVITE");
        Assert.DoesNotContain(vendorPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ok, StringComparison.Ordinal);
        Assert.Null(UdpSipParty.Header(ok, "Record-Route"));

        // A UA that ignores Record-Route: ACK and BYE go to our Contact, through the other edge, with no Route at all.
        var contact = UdpSipParty.Header(ok, "Contact")!.Trim('<', '>');
        var toWithTag = UdpSipParty.Header(ok, "To")!;
        string InDialog(string method, int cseq, string branch) => Request(method, "442070000001", customer, cluster.Second.Udp, branch, callId, cseq)
            .Replace($"sip:442070000001@{cluster.Second.Udp.Address}:{cluster.Second.Udp.Port} SIP", $"{contact} SIP", StringComparison.Ordinal)
            .Replace($"To: <sip:442070000001@{cluster.Second.Udp.Address}>", $"To: {toWithTag}", StringComparison.Ordinal)
            .Replace($"CSeq: {cseq} ACK", "CSeq: 1 ACK", StringComparison.Ordinal);
        await customer.SendAsync(InDialog("ACK", 1, "z9hG4bKo2" + callId[11..21]), cluster.Second.Udp);
        var (ack, _) = await vendor.ExpectAsync("ACK ");
        Assert.StartsWith($"ACK sip:uk@127.0.0.1:{vendorPort} SIP/2.0", ack, StringComparison.Ordinal);
        await customer.SendAsync(InDialog("BYE", 2, "z9hG4bKo3" + callId[11..21]), cluster.Second.Udp);
        await customer.ExpectAsync("SIP/2.0 200", "BYE");
        var (bye, byeFrom) = await vendor.ExpectAsync("BYE ");
        Assert.Equal(UdpSipParty.Header(forwarded, "Call-ID"), UdpSipParty.Header(bye, "Call-ID"));
        Assert.Contains(";tag=v2", UdpSipParty.Header(bye, "To"), StringComparison.Ordinal);
        await vendor.SendAsync(UdpSipParty.Response(bye, 200, "OK", "v2"), byeFrom);

        var afterCustomer = await cluster.StatsAsync("cust-ip");
        var afterVendor = await cluster.StatsAsync("vendorUK");
        Assert.Equal((0, 0), (afterCustomer.LinesInUse, afterVendor.LinesInUse));
        Assert.Equal((1, 1), (afterCustomer.Answered - beforeCustomer.Answered, afterVendor.Answered - beforeVendor.Answered));
    }

    [Fact]
    public async Task A_silent_vendor_gets_the_INVITE_retransmitted_from_T1_doubling_then_Timer_B_fails_over_to_the_next()
    {
        using var silent = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorA"]);
        using var next = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorB"]);
        using var customer = new UdpSipParty("127.0.0.21");
        var edge = cluster.First.Udp;
        var callId = "timeout-" + Guid.NewGuid().ToString("N");
        await customer.SendAsync(Request("INVITE", "12025550177", customer, edge, "z9hG4bKt1" + callId[8..18], callId), edge);

        // Sent at 0 s, then again at 0.5, 1.5, 3.5, 7.5, 15.5 (and 31.5) s within Timer B (32 s). The copy at
        // 31.5 s races Timer B by half a second on a loaded machine, so six copies are required, not seven.
        var (first, _) = await silent.ExpectAsync("INVITE ");
        var branch = UdpSipParty.Header(first, "Via");
        for (var copy = 2; copy <= 6; copy++)
        {
            var (again, _) = await silent.ExpectAsync("INVITE ", wait: TimeSpan.FromSeconds(20));
            Assert.Equal(branch, UdpSipParty.Header(again, "Via"));
        }

        var (forwarded, fromEdge) = await next.ExpectAsync("INVITE ", wait: TimeSpan.FromSeconds(25));
        Assert.NotEqual(branch, UdpSipParty.Header(forwarded, "Via"));
        await next.SendAsync(UdpSipParty.Response(forwarded, 486, "Busy Here", "b1"), fromEdge);
        await customer.ExpectAsync("SIP/2.0 486", wait: TimeSpan.FromSeconds(5));
        Assert.Equal(0, (await cluster.StatsAsync("cust-ip")).LinesInUse);
    }

    [Fact]
    public async Task A_password_customer_is_challenged_with_407_then_routed_and_a_busy_vendor_is_relayed_without_failover()
    {
        using var vendorA = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorA"]);
        using var customer = new UdpSipParty("127.0.0.33");
        var edge = cluster.Second.Udp;
        var callId = "auth-" + Guid.NewGuid().ToString("N");
        await customer.SendAsync(Request("INVITE", "12025550199", customer, edge, "z9hG4bKa1" + callId[5..15], callId), edge);
        var (challenge, _) = await customer.ExpectAsync("SIP/2.0 407");
        var authenticate = UdpSipParty.Header(challenge, "Proxy-Authenticate")!;
        var realm = ChallengeField(authenticate, "realm");
        var nonce = ChallengeField(authenticate, "nonce");

        var uri = $"sip:12025550199@{edge.Address}:{edge.Port}";
        var ha1 = Md5($"cust:{realm}:custpass");
        var ha2 = Md5($"INVITE:{uri}");
        var response = Md5($"{ha1}:{nonce}:00000001:c0ffee:auth:{ha2}");
        var credentials = $"Proxy-Authorization: Digest username=\"cust\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c0ffee\"\r\n";
        await customer.SendAsync(Request("INVITE", "12025550199", customer, edge, "z9hG4bKa2" + callId[5..15], callId, cseq: 2, extra: credentials), edge);

        var (forwarded, fromEdge) = await vendorA.ExpectAsync("INVITE ");
        Assert.Null(UdpSipParty.Header(forwarded, "Proxy-Authorization"));
        Assert.DoesNotContain("127.0.0.33", forwarded, StringComparison.Ordinal);
        await vendorA.SendAsync(UdpSipParty.Response(forwarded, 486, "Busy Here", "busy"), fromEdge);
        await vendorA.ExpectAsync("ACK ");
        await customer.ExpectAsync("SIP/2.0 486");
        Assert.Equal(0, (await cluster.StatsAsync("cust-pass")).LinesInUse);
    }

    [Fact]
    public async Task An_unknown_source_without_credentials_is_challenged_and_a_wrong_password_refused_with_403()
    {
        using var stranger = new UdpSipParty("127.0.0.34");
        var edge = cluster.First.Udp;
        var callId = "wrong-" + Guid.NewGuid().ToString("N");
        await stranger.SendAsync(Request("INVITE", "12025550100", stranger, edge, "z9hG4bKw1" + callId[6..16], callId), edge);
        var (challenge, _) = await stranger.ExpectAsync("SIP/2.0 407");
        var authenticate = UdpSipParty.Header(challenge, "Proxy-Authenticate")!;
        var credentials = $"Proxy-Authorization: Digest username=\"cust\", realm=\"{ChallengeField(authenticate, "realm")}\", nonce=\"{ChallengeField(authenticate, "nonce")}\", uri=\"sip:12025550100@{edge.Address}:{edge.Port}\", response=\"00000000000000000000000000000000\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c0ffee\"\r\n";

        await stranger.SendAsync(Request("INVITE", "12025550100", stranger, edge, "z9hG4bKw2" + callId[6..16], callId, cseq: 2, extra: credentials), edge);

        await stranger.ExpectAsync("SIP/2.0 403");
    }

    private static string Request(string method, string number, UdpSipParty from, IPEndPoint edge, string branch, string callId, int cseq = 1, string extra = "")
    {
        var local = from.LocalEndPoint;
        return $"{method} sip:{number}@{edge.Address}:{edge.Port} SIP/2.0\r\n" +
               $"Via: SIP/2.0/UDP {local.Address}:{local.Port};branch={branch};rport\r\n" +
               "Max-Forwards: 70\r\n" +
               $"From: <sip:cust@{local.Address}>;tag=c{callId.GetHashCode():x}\r\n" +
               $"To: <sip:{number}@{edge.Address}>\r\n" +
               $"Call-ID: {callId}\r\n" +
               $"CSeq: {cseq} {method}\r\n" +
               $"Contact: <sip:cust@{local.Address}:{local.Port}>\r\n" +
               extra +
               "Content-Length: 0\r\n\r\n";
    }

    private static string ChallengeField(string header, string name) => FieldPattern(name).Match(header).Groups[1].Value;

    private static Regex FieldPattern(string name) => new($"{name}=\"([^\"]*)\"");

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
