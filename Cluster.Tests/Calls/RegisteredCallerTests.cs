using System.Net;
using System.Security.Cryptography;
using System.Text;
using Cluster.Tests.EndToEnd;
using Cluster.Tests.Registrar;

namespace Cluster.Tests.Calls;

/// <summary>
/// VOS3000's mapping gateway "dynamic by registration" (bench.yaml's cust-reg, account 2000, password secret):
/// a phone registers with digest, then its INVITEs from that same address and port are the gateway's with no
/// challenge, on any edge; the same INVITE from anywhere else gets 407 and is routed once it answers with the
/// account's password. Raw UDP phones and vendors, real redis-server, two edges.
/// </summary>
public sealed class RegisteredCallerTests(CallCluster cluster) : IClassFixture<CallCluster>
{
    private const string Account = "2000";
    private const string Password = "secret";

    [Fact]
    public async Task A_registered_account_calling_from_its_binding_is_routed_without_a_challenge_and_answered()
    {
        var before = await cluster.StatsAsync("cust-reg");
        using var vendorA = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorA"]);
        using var phone = new Phone("127.0.0.41");
        Assert.Equal(200, SipText.StatusCode((await phone.RegisterAsync(cluster.Second.Udp, Account, Password))!));

        // Registered through the second edge, calling through the first: the binding is the endpoint grain's.
        var edge = cluster.First.Udp;
        var callId = "reg-" + Guid.NewGuid().ToString("N");
        var answer = phone.SendAsync(edge, Invite(phone.LocalEndPoint, edge, callId, cseq: 1), UdpSipParty.Wait);
        var (forwarded, fromEdge) = await vendorA.ExpectAsync("INVITE ");
        Assert.DoesNotContain("127.0.0.41", forwarded, StringComparison.Ordinal);
        Assert.Null(UdpSipParty.Header(forwarded, "Proxy-Authorization"));
        var vendorContact = $"sip:127.0.0.1:{cluster.VendorPorts["vendorA"]}";
        await vendorA.SendAsync(UdpSipParty.Response(forwarded, 200, "OK", "r1", $"Contact: <{vendorContact}>\r\n"), fromEdge);
        var ok = await answer;
        Assert.True(ok is not null && SipText.StatusCode(ok) == 200, ok ?? "no answer to the INVITE\n" + cluster.EdgeLogs);
        ArgumentNullException.ThrowIfNull(ok);

        // ACK and BYE to our Contact free the lines on both gateways; the vendor's BYE is answered by it, ours by the edge.
        var ours = UdpSipParty.Header(ok, "Contact")!.Trim('<', '>');
        var to = UdpSipParty.Header(ok, "To")!;
        await phone.SendOnlyAsync(edge, InDialog("ACK", 1, ours, null, to, phone.LocalEndPoint, callId));
        await vendorA.ExpectAsync("ACK ");
        var byeAnswer = phone.SendAsync(edge, InDialog("BYE", 2, ours, null, to, phone.LocalEndPoint, callId), UdpSipParty.Wait);
        var (bye, byeFrom) = await vendorA.ExpectAsync("BYE ");
        await vendorA.SendAsync(UdpSipParty.Response(bye, 200, "OK", "r1"), byeFrom);
        Assert.Equal(200, SipText.StatusCode((await byeAnswer)!));

        var after = await cluster.StatsAsync("cust-reg");
        Assert.Equal((0, 1, 1), (after.LinesInUse, after.Attempts - before.Attempts, after.Answered - before.Answered));
    }

    [Fact]
    public async Task The_same_INVITE_from_another_address_or_port_gets_407_and_is_routed_after_the_accounts_digest()
    {
        using var vendorA = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorA"]);
        using var registered = new Phone("127.0.0.42");
        Assert.Equal(200, SipText.StatusCode((await registered.RegisterAsync(cluster.First.Udp, Account, Password))!));
        var edge = cluster.First.Udp;

        using var otherPort = new Phone("127.0.0.42");
        var challenged = await otherPort.SendAsync(edge, Invite(otherPort.LocalEndPoint, edge, "reg-port-" + Guid.NewGuid().ToString("N"), cseq: 1));
        Assert.Equal(407, SipText.StatusCode(challenged!));

        using var otherAddress = new Phone("127.0.0.43");
        var callId = "reg-addr-" + Guid.NewGuid().ToString("N");
        var challenge = await otherAddress.SendAsync(edge, Invite(otherAddress.LocalEndPoint, edge, callId, cseq: 1));
        Assert.Equal(407, SipText.StatusCode(challenge!));

        // The digest user is the account, the password the account's: the gateway is cust-reg again.
        var credentials = ProxyAuthorization(UdpSipParty.Header(challenge!, "Proxy-Authenticate")!, $"sip:12025550123@{edge.Address}:{edge.Port}");
        var answer = otherAddress.SendAsync(edge, Invite(otherAddress.LocalEndPoint, edge, callId, cseq: 2, extra: credentials), UdpSipParty.Wait);
        var (forwarded, fromEdge) = await vendorA.ExpectAsync("INVITE ");
        Assert.DoesNotContain("127.0.0.43", forwarded, StringComparison.Ordinal);
        await vendorA.SendAsync(UdpSipParty.Response(forwarded, 486, "Busy Here", "busy"), fromEdge);
        Assert.Equal(486, SipText.StatusCode((await answer)!));
        Assert.Equal(0, (await cluster.StatsAsync("cust-reg")).LinesInUse);
    }

    internal static string Invite(IPEndPoint from, IPEndPoint edge, string callId, int cseq, string extra = "") =>
        $"INVITE sip:12025550123@{edge.Address}:{edge.Port} SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP {from.Address}:{from.Port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:{Account}@{from.Address}>;tag=p{callId.GetHashCode():x}\r\n" +
        $"To: <sip:12025550123@{edge.Address}>\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} INVITE\r\n" +
        $"Contact: <sip:{Account}@{from.Address}:{from.Port}>\r\n" +
        extra +
        "Content-Length: 0\r\n\r\n";

    // ACK's CSeq number is the INVITE's (RFC 3261 §17.1.1.3 and §13.2.2.4); the Request-URI is our Contact.
    internal static string InDialog(string method, int cseq, string target, string? route, string to, IPEndPoint from, string callId) =>
        $"{method} {target} SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP {from.Address}:{from.Port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        (route is null ? string.Empty : $"Route: {route}\r\n") +
        $"From: <sip:{Account}@{from.Address}>;tag=p{callId.GetHashCode():x}\r\n" +
        $"To: {to}\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} {method}\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static string ProxyAuthorization(string challenge, string uri)
    {
        var realm = Field(challenge, "realm");
        var nonce = Field(challenge, "nonce");
        var ha1 = Md5($"{Account}:{realm}:{Password}");
        var ha2 = Md5($"INVITE:{uri}");
        var response = Md5($"{ha1}:{nonce}:00000001:c0ffee:auth:{ha2}");
        return $"Proxy-Authorization: Digest username=\"{Account}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c0ffee\"\r\n";
    }

    private static string Field(string header, string name)
    {
        var at = header.IndexOf(name + "=\"", StringComparison.Ordinal) + name.Length + 2;
        return header[at..header.IndexOf('"', at)];
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
