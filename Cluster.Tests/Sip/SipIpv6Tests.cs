using Cluster.Edge.Sip;
using static Cluster.Tests.Sip.SipIpv6Messages;
using static Cluster.Tests.Sip.SipTestMessages;

namespace Cluster.Tests.Sip;

/// <summary>RFC 5118 IPv6 torture cases (ABNF as corrected by RFC 5954).</summary>
public sealed class SipIpv6Tests
{
    [Fact]
    public void Ipv6Good_IsProcessed()
    {
        var m = new SipMessage();
        var verdict = SipInspector.Inspect(Bytes(Good), SipFraming.Datagram, SipParserLimits.Default, null, m);
        Assert.Equal(SipVerdictAction.Process, verdict.Action);
        Assert.True(m.TryGetTopVia(out SipVia via));
        Assert.Equal("[2001:db8::9:1]", Str(via.Host));
        Assert.Equal(0, via.Port);
        Assert.True(SipUri.TryParse(m.RequestUri, out SipUri uri));
        Assert.Equal("[2001:db8::10]", Str(uri.Host));
    }

    [Theory]
    [InlineData("sip:2001:db8::10")] // ipv6-bad: no brackets (§4.2)
    [InlineData("sip:[2001:db8::10")] // unbalanced bracket
    [InlineData("sip:2001:db8::10]")]
    [InlineData("sip:[2001:db8:::192.0.2.1]")] // ipv6-bug-abnf-3-colons (§4.10)
    [InlineData("sip:[2001:db8::10]5070")]
    [InlineData("sip:[]")]
    [InlineData("sip:[2001:db8::1::2]")] // two "::"
    [InlineData("sip:[1:2:3:4:5:6:7:8:9]")]
    [InlineData("sip:[::ffff:192.0.2.300]")]
    public void BadIpv6RequestUris_Get400(string uri)
    {
        var verdict = Inspect(Bytes(WithRequestUri(uri)));
        Assert.Equal(SipVerdictAction.Respond, verdict.Action);
        Assert.Equal(400, verdict.StatusCode);
        Assert.Equal(SipReasons.BadRequestUri, verdict.ReasonPhrase);
    }

    [Theory]
    [InlineData("sip:[2001:db8::10:5070]", "[2001:db8::10:5070]", 0)] // port-ambiguous (§4.3): an address, no port
    [InlineData("sip:[2001:db8::10]:5070", "[2001:db8::10]", 5070)] // port-unambiguous (§4.4)
    [InlineData("sip:user@[2001:db8::192.0.2.1]", "[2001:db8::192.0.2.1]", 0)] // ipv6-correct-abnf-2-colons (§4.10)
    [InlineData("sip:[::ffff:192.0.2.10]", "[::ffff:192.0.2.10]", 0)] // IPv4-mapped (§4.9)
    [InlineData("sip:[::1]:5061;transport=tls", "[::1]", 5061)]
    [InlineData("sip:[2001:DB8:0:0:0:0:0:1]", "[2001:DB8:0:0:0:0:0:1]", 0)]
    [InlineData("sips:alice@[fe80::1]", "[fe80::1]", 0)]
    [InlineData("sip:[::]", "[::]", 0)]
    public void GoodIpv6Uris(string text, string host, int port)
    {
        Assert.True(SipUri.TryParse(System.Text.Encoding.ASCII.GetBytes(text), out SipUri uri));
        Assert.Equal(host, Str(uri.Host));
        Assert.Equal(port, uri.Port);
        Assert.Equal(SipVerdictAction.Process, Inspect(Bytes(WithRequestUri(text))).Action);
    }

    [Theory]
    [InlineData("SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111", "[2001:db8::9:255]")] // with delimiters (§4.5)
    [InlineData("SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3-111", "2001:db8::9:255")] // without (§4.5)
    [InlineData("SIP/2.0/UDP [::ffff:192.0.2.10]:5060;branch=z9hG4bKas3-111", "")] // IPv4-mapped (§4.9)
    public void Ipv6Via_ReceivedForms(string via, string received)
    {
        var m = new SipMessage();
        var verdict = SipInspector.Inspect(Bytes(WithVia(via)), SipFraming.Datagram, SipParserLimits.Default, null, m);
        Assert.Equal(SipVerdictAction.Process, verdict.Action);
        Assert.True(m.TryGetTopVia(out SipVia top));
        Assert.Equal(received, Str(top.Received));
    }

    [Fact]
    public void MultipleIpFamiliesInVia_AreProcessed()
    {
        // mult-ip-in-header (§4.7): IPv6 and IPv4 hops mixed, some with received.
        string vias = "SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111\n" +
            "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKjhja8781hjuaij65144\n" +
            "Via: SIP/2.0/TCP [2001:db8::9:255];branch=z9hG4bK451jj;received=192.0.2.200, SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bK9";
        var m = new SipMessage();
        Assert.Equal(SipVerdictAction.Process, SipInspector.Inspect(Bytes(WithVia(vias)), SipFraming.Datagram, SipParserLimits.Default, null, m).Action);
        int n = 0;
        foreach (var _ in m.Values(SipHeaderName.Via))
        {
            n++;
        }

        Assert.Equal(4, n);
        Assert.True(m.TryGetTopVia(out SipVia top));
        Assert.Equal(6050, top.Port);
    }

    [Fact]
    public void Ipv6InSdp_BodyIsOpaque()
    {
        string text = Good.Replace("Content-Length: 0\n\n", "Content-Type: application/sdp\nContent-Length: {CL}\n\nv=0\no=assistant 971731711378798081 0 IN IP6 2001:db8::20\ns=-\nc=IN IP6 2001:db8::20\nt=0 0\nm=audio 32766 RTP/AVP 0\n");
        Assert.Equal(SipVerdictAction.Process, Inspect(Bytes(text)).Action);
    }

    [Theory]
    [InlineData("SIP/2.0/UDP 2001:db8::9:1;branch=z9hG4bKas3-111")] // unbracketed sent-by
    [InlineData("SIP/2.0/UDP [2001:db8::9:1;branch=z9hG4bKas3-111")]
    public void UnbracketedIpv6SentBy_IsNotAUsableVia(string via)
    {
        Assert.Equal(SipReasons.DropNoVia, Inspect(Bytes(WithVia(via))).DropReason);
    }

    [Theory]
    [InlineData("::", true)]
    [InlineData("::1", true)]
    [InlineData("1::", true)]
    [InlineData("2001:db8::192.0.2.1", true)]
    [InlineData("::ffff:192.0.2.10", true)]
    [InlineData("1:2:3:4:5:6:7:8", true)]
    [InlineData("1:2:3:4:5:6:192.0.2.1", true)]
    [InlineData("1:2:3:4:5:6:7::", true)]
    [InlineData("2001:db8:::192.0.2.1", false)]
    [InlineData(":1", false)]
    [InlineData("1:", false)]
    [InlineData("1:2:3:4:5:6:7:8:9", false)]
    [InlineData("12345::", false)]
    [InlineData("1:2:3:4:5:6:7:192.0.2.1", false)]
    [InlineData("g::1", false)]
    public void Ipv6AddressSyntax(string text, bool valid)
    {
        Assert.Equal(valid, SipHost.IsIPv6(System.Text.Encoding.ASCII.GetBytes(text)));
    }
}
