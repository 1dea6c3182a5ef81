using System.Net;
using Cluster.Edge.Sip;
using static Cluster.Tests.Sip.SipTestMessages;

namespace Cluster.Tests.Sip;

public sealed class SipResponseWriterTests
{
    private static string Respond(string request, int status, string reason, IPEndPoint source, string toTag = "", string extra = "")
    {
        var m = ParseOk(Bytes(request));
        byte[] output = new byte[4096];
        int n = SipResponseWriter.Write(m, status, System.Text.Encoding.ASCII.GetBytes(reason), source, System.Text.Encoding.ASCII.GetBytes(toTag), System.Text.Encoding.ASCII.GetBytes(extra), output);
        Assert.True(n > 0);
        return Str(output.AsSpan(0, n));
    }

    [Fact]
    public void Invite_400_WithRportFilledAndReceived_AndToTag()
    {
        string response = Respond(Invite, 400, "Missing Call-ID", new IPEndPoint(IPAddress.Parse("192.0.2.33"), 40123), "edge7");
        Assert.Equal(
            "SIP/2.0 400 Missing Call-ID\r\n" +
            "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport=40123;received=192.0.2.33\r\n" +
            "From: \"Alice A.\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
            "To: Bob <sip:bob@biloxi.example.com>;tag=edge7\r\n" +
            "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
            "CSeq: 314159 INVITE\r\n" +
            "Content-Length: 0\r\n\r\n",
            response);
    }

    [Fact]
    public void SentByEqualsSource_NoRport_NoReceived()
    {
        string request = Options.Replace("Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877", "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKhjhs8ass877");
        string response = Respond(request, 420, "Bad Extension", new IPEndPoint(IPAddress.Parse("192.0.2.1"), 5060), "t", "Unsupported: foo\r\n");
        Assert.Contains("\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKhjhs8ass877\r\n", response);
        Assert.Contains("\r\nCSeq: 63104 OPTIONS\r\nUnsupported: foo\r\nContent-Length: 0\r\n\r\n", response);
    }

    [Fact]
    public void Status100_NeverGetsToTag_AndExistingTagIsKept()
    {
        Assert.Contains("\r\nTo: Bob <sip:bob@biloxi.example.com>\r\n", Respond(Invite, 100, "Trying", new IPEndPoint(IPAddress.Loopback, 5060), "x"));
        string inDialog = Invite.Replace("To: Bob <sip:bob@biloxi.example.com>", "To: Bob <sip:bob@biloxi.example.com>;tag=theirs");
        Assert.Contains("\r\nTo: Bob <sip:bob@biloxi.example.com>;tag=theirs\r\n", Respond(inDialog, 481, "Call/Transaction Does Not Exist", new IPEndPoint(IPAddress.Loopback, 5060), "x"));
    }

    [Fact]
    public void AllViasInOrder_OnlyTopRewritten_CommaListKept()
    {
        string request = Register.Replace(
            "Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7",
            "v: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK1;received=10.0.0.1, SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7\nVia: SIP/2.0/TCP [2001:db8::1];branch=z9hG4bK0;rport");
        string response = Respond(request, 503, "Service Unavailable", new IPEndPoint(IPAddress.Parse("2001:db8::99"), 5070));
        Assert.Contains(
            "\r\nv: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK1;received=2001:db8::99, SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7\r\n" +
            "Via: SIP/2.0/TCP [2001:db8::1];branch=z9hG4bK0;rport\r\n",
            response);
    }

    [Fact]
    public void Ipv4MappedSource_IsWrittenAsIpv4()
    {
        var source = new IPEndPoint(IPAddress.Parse("192.0.2.50").MapToIPv6(), 6000);
        string response = Respond(Invite, 486, "Busy Here", source, "t");
        Assert.Contains(";rport=6000;received=192.0.2.50\r\n", response);
    }

    [Fact]
    public void TooSmallDestination_ReturnsMinusOne()
    {
        var m = ParseOk(Bytes(Invite));
        Assert.Equal(-1, SipResponseWriter.Write(m, 400, "Bad Request"u8, new IPEndPoint(IPAddress.Loopback, 1), default, default, new byte[64]));
    }

    [Fact]
    public void InspectorVerdict_CanBeWrittenBack()
    {
        var m = new SipMessage();
        var verdict = SipInspector.Inspect(Bytes(SipTortureMessages.Request("OPTIONS sip:u@example.com SIP/2.0", "Require: foo\n")), SipFraming.Datagram, SipParserLimits.Default, null, m);
        Assert.Equal(420, verdict.StatusCode);
        byte[] extra = System.Text.Encoding.ASCII.GetBytes(verdict.ExtraHeaderLine + "\r\n");
        byte[] output = new byte[1024];
        int n = SipResponseWriter.Write(m, verdict.StatusCode, System.Text.Encoding.ASCII.GetBytes(verdict.ReasonPhrase), new IPEndPoint(IPAddress.Parse("192.0.2.15"), 5060), "z"u8, extra, output);
        var response = ParseOk(output.AsSpan(0, n).ToArray());
        Assert.Equal(420, response.StatusCode);
        Assert.Equal("foo", Str(response.FirstValue(SipHeaderName.Unsupported)));
        Assert.Equal("z", Str(response.ToTag));
    }

    [Fact]
    public void VerdictOverload_WritesStatusReasonAndExtraLine()
    {
        var m = new SipMessage();
        var verdict = SipInspector.Inspect(Bytes(SipTortureMessages.Request("OPTIONS sip:u@example.com SIP/2.0", "Require: foo, bar\n")), SipFraming.Datagram, SipParserLimits.Default, null, m);
        byte[] output = new byte[1024];
        int n = SipResponseWriter.Write(m, in verdict, new IPEndPoint(IPAddress.Parse("192.0.2.15"), 5060), "z"u8, output);
        string text = Str(output.AsSpan(0, n));
        Assert.StartsWith("SIP/2.0 420 Bad Extension\r\n", text);
        Assert.EndsWith("\r\nUnsupported: foo, bar\r\nContent-Length: 0\r\n\r\n", text);
    }
}
