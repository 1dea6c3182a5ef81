using System.Net;
using System.Text;
using Cluster.Edge.Calls.Forwarding;
using Cluster.Edge.Sip;

namespace Cluster.Tests.Calls;

public sealed class ProxyMessagesTests
{
    private const string Invite =
        "INVITE sip:12025550100@edge.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKcust;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "Route: <sip:edge.example.com;lr>\r\n" +
        "Proxy-Authorization: Digest username=\"cust\"\r\n" +
        "From: <sip:cust@10.0.0.5>;tag=abc\r\n" +
        "To: <sip:12025550100@edge.example.com>\r\n" +
        "Call-ID: c1\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Content-Length: 4\r\n\r\n" +
        "v=0\n";

    private static SipMessage Parse(string text)
    {
        var message = new SipMessage();
        Assert.True(SipParser.Parse(Encoding.ASCII.GetBytes(text), new SipParserLimits(), SipFraming.Datagram, message).IsComplete);
        return message;
    }

    [Fact]
    public void A_forwarded_INVITE_carries_our_Via_and_Record_Route_the_new_target_and_the_sender_s_real_address()
    {
        var local = IPEndPoint.Parse("192.0.2.1:5060");
        var bytes = ProxyMessages.Forward(Parse(Invite), IPEndPoint.Parse("203.0.113.9:40000"), local, "z9hG4bKcxTEST", "sip:12025550100@198.51.100.7:5070",
            "Record-Route: <sip:192.0.2.1:5060;lr>\r\n", removeTopRoute: true)!;
        var forwarded = Parse(Encoding.ASCII.GetString(bytes));

        Assert.Equal("sip:12025550100@198.51.100.7:5070", Encoding.ASCII.GetString(forwarded.RequestUri));
        var vias = new List<string>();
        foreach (var via in forwarded.Values(SipHeaderName.Via))
        {
            vias.Add(Encoding.ASCII.GetString(via));
        }

        Assert.Equal(["SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcxTEST;rport", "SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKcust;received=203.0.113.9;rport=40000"], vias);
        Assert.True(forwarded.TryGetMaxForwards(out var hops) && hops == 69);
        Assert.Equal(-1, forwarded.IndexOf(SipHeaderName.Route));
        Assert.Equal(-1, forwarded.IndexOf(SipHeaderName.ProxyAuthorization));
        Assert.Equal("<sip:192.0.2.1:5060;lr>", Encoding.ASCII.GetString(forwarded.FirstValue(SipHeaderName.RecordRoute)));
        Assert.Equal("v=0\n", Encoding.ASCII.GetString(forwarded.Body));
    }

    [Theory]
    [InlineData("ACK")]
    [InlineData("BYE")]
    [InlineData("INFO")]
    public void An_in_dialog_request_is_forwarded_without_any_credentials_in_either_direction(string method)
    {
        var request = Parse(
            $"{method} sip:198.51.100.7:5070 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKcust2;rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "Route: <sip:192.0.2.1:5060;lr;cx=c;vx=v>\r\n" +
            "Proxy-Authorization: Digest username=\"cust\", realm=\"softswitch\"\r\n" +
            "Authorization: Digest username=\"1001\", realm=\"softswitch\"\r\n" +
            "From: <sip:cust@10.0.0.5>;tag=abc\r\n" +
            "proxy-authorization: Digest username=\"again\"\r\n" +
            "To: <sip:12025550100@edge.example.com>;tag=xyz\r\n" +
            "Call-ID: c1\r\n" +
            $"CSeq: 2 {method}\r\n" +
            "Content-Length: 0\r\n\r\n");

        var forwarded = Parse(Encoding.ASCII.GetString(ProxyMessages.Forward(request, IPEndPoint.Parse("203.0.113.9:40000"), IPEndPoint.Parse("192.0.2.1:5060"), "z9hG4bKcxT2", requestUri: null, recordRoute: null, removeTopRoute: true)!));

        Assert.Equal(-1, forwarded.IndexOf(SipHeaderName.ProxyAuthorization));
        Assert.Equal(-1, forwarded.IndexOf(SipHeaderName.Authorization));
        Assert.Equal("<sip:cust@10.0.0.5>;tag=abc", Encoding.ASCII.GetString(forwarded.FirstValue(SipHeaderName.From)));
    }

    [Fact]
    public void A_relayed_response_carries_no_credentials_either()
    {
        var response = Parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcx1\r\nVia: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKcust\r\n" +
            "Authorization: Digest username=\"vendor\"\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");

        var relayed = Parse(Encoding.ASCII.GetString(ProxyMessages.WithoutTopVia(response)!));

        Assert.Equal(-1, relayed.IndexOf(SipHeaderName.Authorization));
        Assert.Equal(1, relayed.Count(SipHeaderName.Via));
    }

    [Theory]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcx1, SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKcust;received=203.0.113.9;rport=40000\r\n")]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcx1\r\nVia: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKcust;received=203.0.113.9;rport=40000\r\n")]
    public void A_response_loses_our_Via_whether_the_Vias_share_a_line_or_not_and_goes_to_the_received_address_and_rport(string vias)
    {
        var response = Parse("SIP/2.0 180 Ringing\r\n" + vias + "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(IPEndPoint.Parse("203.0.113.9:40000"), ViaTarget.BelowTop(response));
        var relayed = Parse(Encoding.ASCII.GetString(ProxyMessages.WithoutTopVia(response)!));
        Assert.True(relayed.TryGetTopVia(out var top));
        Assert.Equal("z9hG4bKcust", Encoding.ASCII.GetString(top.Branch));
        Assert.Equal(1, relayed.Count(SipHeaderName.Via));
    }

    [Fact]
    public void CANCEL_repeats_the_forwarded_INVITE_s_Request_URI_Via_and_CSeq_number()
    {
        var invite = new ForwardedInvite("sip:1@198.51.100.7:5070", "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcx9;rport\r\n", "<sip:a@b>;tag=1", "<sip:1@c>", "c1", 7);
        var cancel = Parse(Encoding.ASCII.GetString(ProxyMessages.HopByHop("CANCEL", invite)));

        Assert.Equal(SipMethod.Cancel, cancel.Method);
        Assert.Equal("sip:1@198.51.100.7:5070", Encoding.ASCII.GetString(cancel.RequestUri));
        Assert.True(cancel.TryGetTopVia(out var via) && via.Branch.SequenceEqual("z9hG4bKcx9"u8));
        Assert.True(cancel.TryGetCSeq(out var number, out var method, out _) && number == 7 && method == SipMethod.Cancel);
    }
}
