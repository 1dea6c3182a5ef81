using System.Net;

namespace Cluster.Tests.Calls;

/// <summary>
/// Credentials on the call path, with raw UDP customers and vendors through two real edges: no message a vendor
/// (or a customer) receives carries another party's Authorization or Proxy-Authorization; a Proxy-Authorization
/// whose uri names another host gets 400 and counts nothing; wrong passwords block the caller's address, and the
/// block is announced to both edges like a registrar's. bench.yaml's cust-pass (user cust, password custpass).
/// </summary>
public sealed class CallCredentialsTests(CallCluster cluster) : IClassFixture<CallCluster>
{
    private const string Credentials = "Authorization: Digest username=\"cust\", realm=\"softswitch\", nonce=\"n\", uri=\"sip:x\", response=\"0\"\r\n";

    [Fact]
    public async Task No_INVITE_ACK_or_BYE_a_vendor_receives_carries_the_customers_credentials_and_none_reach_the_customer_either()
    {
        var vendorPort = cluster.VendorPorts["vendorUK"];
        using var vendor = new UdpSipParty("127.0.0.1", vendorPort);
        using var customer = new UdpSipParty("127.0.0.36");
        var edge = cluster.First.Udp;

        // Call 1: the customer repeats its credentials on ACK and BYE, as some UAs do.
        var (call1, proxyAuthorization) = await AuthenticatedInviteAsync(customer, edge, "442071230001");
        var (invite, fromEdge) = await vendor.ExpectAsync("INVITE ");
        AssertNoCredentials(invite);
        await vendor.SendAsync(UdpSipParty.Response(invite, 200, "OK", "v1", $"Contact: <sip:127.0.0.1:{vendorPort}>\r\n"), fromEdge);
        var (ok, _) = await customer.ExpectAsync("SIP/2.0 200", "INVITE");
        AssertNoCredentials(ok);
        var dialog = new Dialog(call1, UdpSipParty.Header(ok, "Contact")!.Trim('<', '>'), UdpSipParty.Header(ok, "To")!);

        await customer.SendAsync(dialog.FromCustomer("ACK", 2, customer, edge, proxyAuthorization + Credentials), edge);
        AssertNoCredentials((await vendor.ExpectAsync("ACK ")).Text);
        await customer.SendAsync(dialog.FromCustomer("BYE", 3, customer, edge, proxyAuthorization + Credentials), edge);
        var (bye, byeFrom) = await vendor.ExpectAsync("BYE ");
        AssertNoCredentials(bye);
        await vendor.SendAsync(UdpSipParty.Response(bye, 200, "OK", "v1", Credentials), byeFrom);
        AssertNoCredentials((await customer.ExpectAsync("SIP/2.0 200", "BYE")).Text);

        // Call 2: the vendor hangs up with credentials of its own; the customer gets none of them.
        var (call2, _) = await AuthenticatedInviteAsync(customer, edge, "442071230002");
        (invite, fromEdge) = await vendor.ExpectAsync("INVITE ");
        await vendor.SendAsync(UdpSipParty.Response(invite, 200, "OK", "v2", $"Contact: <sip:127.0.0.1:{vendorPort}>\r\n"), fromEdge);
        (ok, _) = await customer.ExpectAsync("SIP/2.0 200", "INVITE");
        Assert.Contains(call2, ok, StringComparison.Ordinal);
        var vendorBye =
            $"BYE {UdpSipParty.Header(invite, "Contact")!.Trim('<', '>')} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{vendorPort};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: {UdpSipParty.Header(invite, "To")};tag=v2\r\n" +
            $"To: {UdpSipParty.Header(invite, "From")}\r\n" +
            $"Call-ID: {UdpSipParty.Header(invite, "Call-ID")}\r\n" +
            "CSeq: 1 BYE\r\n" +
            Credentials + "Proxy-Authorization: Digest username=\"vendor\", realm=\"v\", nonce=\"n\", uri=\"sip:x\", response=\"0\"\r\n" +
            "Content-Length: 0\r\n\r\n";
        await vendor.SendAsync(vendorBye, fromEdge);
        var (customerBye, byeFromEdge) = await customer.ExpectAsync("BYE ");
        AssertNoCredentials(customerBye);
        await customer.SendAsync(UdpSipParty.Response(customerBye, 200, "OK", "c2"), byeFromEdge);
        await vendor.ExpectAsync("SIP/2.0 200", "BYE");
    }

    [Fact]
    public async Task A_CANCEL_the_vendor_receives_carries_no_credentials()
    {
        using var vendor = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorUK"]);
        using var customer = new UdpSipParty("127.0.0.37");
        var edge = cluster.Second.Udp;
        // The digest uri in SIPp's form (no user, the edge's host and port) names this server for the INVITE too.
        var (callId, proxyAuthorization) = await AuthenticatedInviteAsync(customer, edge, "442071230003", branch: "z9hG4bKcancelled", digestUri: $"sip:{edge.Address}:{edge.Port}");
        var (invite, fromEdge) = await vendor.ExpectAsync("INVITE ");
        await vendor.SendAsync(UdpSipParty.Response(invite, 180, "Ringing", "v3"), fromEdge);
        await customer.ExpectAsync("SIP/2.0 180");

        await customer.SendAsync(Request("CANCEL", "442071230003", customer, edge, "z9hG4bKcancelled", callId, cseq: 2, proxyAuthorization + Credentials), edge);
        await customer.ExpectAsync("SIP/2.0 200", "CANCEL");
        var (cancel, _) = await vendor.ExpectAsync("CANCEL ");
        AssertNoCredentials(cancel);
        await vendor.SendAsync(UdpSipParty.Response(cancel, 200, "OK", "v3"), fromEdge);
        await vendor.SendAsync(UdpSipParty.Response(invite, 487, "Request Terminated", "v3"), fromEdge);
        await customer.ExpectAsync("SIP/2.0 487");
        AssertNoCredentials((await vendor.ExpectAsync("ACK ")).Text);
    }

    [Fact]
    public async Task A_Proxy_Authorization_uri_naming_another_host_gets_400_and_counts_no_failure()
    {
        using var customer = new UdpSipParty("127.0.0.38");
        var edge = cluster.First.Udp;
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var callId = $"elsewhere-{attempt}-{Guid.NewGuid():N}";
            await customer.SendAsync(Request("INVITE", "12025550100", customer, edge, $"z9hG4bKe{attempt}a{callId[^8..]}", callId), edge);
            var (challenge, _) = await customer.ExpectAsync("SIP/2.0 407");
            var credentials = DigestAnswer.Line(UdpSipParty.Header(challenge, "Proxy-Authenticate")!, "cust", "custpass", "INVITE", "sip:12025550100@evil.example.com");
            await customer.SendAsync(Request("INVITE", "12025550100", customer, edge, $"z9hG4bKe{attempt}b{callId[^8..]}", callId, cseq: 2, credentials), edge);
            var (refused, _) = await customer.ExpectAsync("SIP/2.0 400", "INVITE");
            Assert.StartsWith("SIP/2.0 400 Proxy-Authorization uri Names Another Target\r\n", refused);
        }

        var source = await cluster.SourceAsync(customer.LocalEndPoint.Address);
        Assert.Equal((false, 0), (source.Blocked, source.AuthFailures));
    }

    [Fact]
    public async Task Wrong_passwords_on_INVITE_block_the_address_and_the_block_is_announced_to_both_edges()
    {
        using var guesser = new UdpSipParty("127.0.0.39");
        var edge = cluster.First.Udp;
        var logged = cluster.LogMarks();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var callId = $"guess-{attempt}-{Guid.NewGuid():N}";
            await guesser.SendAsync(Request("INVITE", "12025550100", guesser, edge, $"z9hG4bKg{attempt}a{callId[^8..]}", callId), edge);
            var (challenge, _) = await guesser.ExpectAsync("SIP/2.0 407");
            var credentials = DigestAnswer.Line(UdpSipParty.Header(challenge, "Proxy-Authenticate")!, "cust", "guess-" + attempt, "INVITE", $"sip:12025550100@{edge.Address}:{edge.Port}");
            await guesser.SendAsync(Request("INVITE", "12025550100", guesser, edge, $"z9hG4bKg{attempt}b{callId[^8..]}", callId, cseq: 2, credentials), edge);
            await guesser.ExpectAsync("SIP/2.0 403", "INVITE");
        }

        // SS_AUTHENTICATION_MAX_RETRY (5) reached: every edge follows and says so, as for a registrar's block.
        await cluster.BothEdgesAppliedAsync("block ip 127.0.0.39", logged);
        Assert.True((await cluster.SourceAsync(guesser.LocalEndPoint.Address)).Blocked);
        var blockedCall = "blocked-" + Guid.NewGuid().ToString("N");
        await guesser.SendAsync(Request("INVITE", "12025550100", guesser, cluster.Second.Udp, "z9hG4bKgblocked" + blockedCall[^8..], blockedCall), cluster.Second.Udp);
        await guesser.ExpectAsync("SIP/2.0 403", "INVITE");
    }

    /// <summary>
    /// Sends an INVITE, answers the 407 with cust-pass's password (digest uri: the Request-URI unless
    /// <paramref name="digestUri"/>), adding a stray Authorization; returns the Call-ID and the credentials line used.
    /// </summary>
    private static async Task<(string CallId, string ProxyAuthorization)> AuthenticatedInviteAsync(UdpSipParty customer, IPEndPoint edge, string number, string? branch = null, string? digestUri = null)
    {
        var callId = "creds-" + Guid.NewGuid().ToString("N");
        await customer.SendAsync(Request("INVITE", number, customer, edge, "z9hG4bKc1" + callId[^10..], callId), edge);
        var (challenge, _) = await customer.ExpectAsync("SIP/2.0 407");
        var credentials = DigestAnswer.Line(UdpSipParty.Header(challenge, "Proxy-Authenticate")!, "cust", "custpass", "INVITE", digestUri ?? $"sip:{number}@{edge.Address}:{edge.Port}");
        await customer.SendAsync(Request("INVITE", number, customer, edge, branch ?? "z9hG4bKc2" + callId[^10..], callId, cseq: 2, credentials + Credentials), edge);
        return (callId, credentials);
    }

    private static void AssertNoCredentials(string message)
    {
        Assert.True(UdpSipParty.Header(message, "Authorization") is null, $"Authorization relayed:\n{message}");
        Assert.True(UdpSipParty.Header(message, "Proxy-Authorization") is null, $"Proxy-Authorization relayed:\n{message}");
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

    /// <summary>The caller's half of an answered call: in-dialog requests go to our Contact.</summary>
    private sealed record Dialog(string CallId, string OurContact, string ToWithTag)
    {
        // ACK for a 2xx carries the INVITE's CSeq number (RFC 3261 §13.2.2.4).
        public string FromCustomer(string method, int cseq, UdpSipParty from, IPEndPoint edge, string extra) =>
            Request(method, "x", from, edge, "z9hG4bK" + Guid.NewGuid().ToString("N")[..16], CallId, method == "ACK" ? 2 : cseq, extra)
                .Replace($"{method} sip:x@{edge.Address}:{edge.Port} SIP", $"{method} {OurContact} SIP", StringComparison.Ordinal)
                .Replace($"To: <sip:x@{edge.Address}>", $"To: {ToWithTag}", StringComparison.Ordinal);
    }
}
