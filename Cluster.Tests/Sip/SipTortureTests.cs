using Cluster.Edge.Sip;
using static Cluster.Tests.Sip.SipTestMessages;
using static Cluster.Tests.Sip.SipTortureMessages;

namespace Cluster.Tests.Sip;

/// <summary>RFC 4475 categories: what the edge answers for each (0 = Process, -1 = Drop, else the status code).</summary>
public sealed class SipTortureTests
{
    public static TheoryData<string, string, int, string> Cases() => new()
    {
        // §3.1.1 valid but unusual: all processed.
        { "wsinv", Wsinv, 0, "" },
        { "intmeth", Intmeth, 0, "" },
        { "esc01", Esc01, 0, "" },
        { "escnull", Escnull, 0, "" },
        { "lwsdisp", Lwsdisp, 0, "" },
        { "longreq", Longreq(), 0, "" },
        { "dblreq", Dblreq, 0, "" },
        { "semiuri", Semiuri, 0, "" },
        { "transports", Transports, 0, "" },
        { "mpart01", Mpart01, 0, "" },
        { "unreason", Unreason, 0, "" },
        { "noreason", Noreason, 0, "" },

        // §3.1.2 invalid messages.
        {
            "badinv01",
            Request("INVITE sip:user@example.com SIP/2.0", cseqMethod: "INVITE").Replace("Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234", "Via: SIP/2.0/UDP 192.0.2.15;;,;,,"),
            400, SipReasons.BadVia
        },
        { "clerr", Request("INVITE sip:user@example.com SIP/2.0", cseqMethod: "INVITE").Replace("Content-Length: 0\n\n", "Content-Length: 9999\n\n" + "v=0\n"), 400, SipReasons.ContentLengthExceedsBody },
        { "ncl", Request("INVITE sip:user@example.com SIP/2.0", cseqMethod: "INVITE").Replace("Content-Length: 0", "Content-Length: -999"), 400, SipReasons.BadContentLength },
        {
            "scalar02",
            Request("REGISTER sip:example.com SIP/2.0", "Expires: 10000000000000000000000000000000000000000\nContact: <sip:user@host129.example.com>;expires=280297596632815\n", "REGISTER")
                .Replace("CSeq: 8 REGISTER", "CSeq: 36893488147419103232 REGISTER").Replace("Max-Forwards: 70", "Max-Forwards: 300"),
            400, SipReasons.BadCSeq
        },
        {
            "scalarlg",
            "SIP/2.0 503 Service Unavailable\nVia: SIP/2.0/TCP host129.example.com;branch=z9hG4bKzzxdiwo34sw;received=192.0.2.129\n" +
            "To: <sip:user@example.com>\nFrom: <sip:other@example.net>;tag=2easdjfejw\nCSeq: 9292394834772304023312 OPTIONS\n" +
            "Call-ID: scalarlg.noase0of0234hn2qofoaf0232aewf2394r\nRetry-After: 949302838503028349304023988\n" +
            "Warning: 1812 overture \"In Progress\"\nContent-Length: 0\n\n",
            -1, SipReasons.DropMalformedResponse
        },
        { "quotbal", Request("INVITE sip:user@example.com SIP/2.0", cseqMethod: "INVITE", to: "\"Mr. J. User <sip:j.user@example.com>"), 400, SipReasons.BadTo },
        { "ltgtruri", Request("INVITE <sip:user@example.com> SIP/2.0", cseqMethod: "INVITE"), 400, SipReasons.BadRequestUri },
        { "lwsruri", Request("INVITE sip:user@example.com; lr SIP/2.0", cseqMethod: "INVITE"), 400, SipReasons.BadRequestUri },
        { "lwsstart", Request("INVITE  sip:user@example.com  SIP/2.0", cseqMethod: "INVITE"), 400, SipReasons.BadRequestUri },
        { "trws", Request("OPTIONS sip:remote-target@example.com SIP/2.0  "), 400, SipReasons.BadRequestLine },
        { "escruri", Request("INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0", cseqMethod: "INVITE"), 400, SipReasons.BadRequestUri },
        { "baddate", Request("INVITE sip:user@example.com SIP/2.0", "Date: Fri, 01 Jan 2010 16:00:00 EST\n", "INVITE"), 0, "" },
        { "regbadct", Request("REGISTER sip:example.com SIP/2.0", "Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E\n", "REGISTER"), 400, SipReasons.BadContact },
        { "badaspec", Request("OPTIONS sip:user@example.org SIP/2.0", to: "\"Watson, Thomas\" < sip:t.watson@ieee.org >"), 400, SipReasons.BadTo },
        { "baddn", Request("OPTIONS sip:t.watson@example.org SIP/2.0", from: "Bell, Alexander <sip:a.g.bell@bell-tel.com>;tag=43"), 400, SipReasons.BadFrom },
        { "badvers01", Request("OPTIONS sip:t.watson@example.org SIP/7.0"), 505, SipReasons.VersionNotSupported },
        { "mismatch01", Request("OPTIONS sip:user@example.com SIP/2.0", cseqMethod: "INVITE"), 400, SipReasons.CSeqMethodMismatch },
        { "mismatch02", Request("NEWMETHOD sip:user@example.com SIP/2.0", cseqMethod: "INVITE"), 400, SipReasons.CSeqMethodMismatch },
        { "bigcode", "SIP/2.0 4294967301 better not break the receiver\nVia: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe\nCall-ID: bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i\nCSeq: 353494 INVITE\nFrom: <sip:user@example.com>;tag=39ansfi3\nTo: <sip:user@example.edu>;tag=902jndnke3\nContent-Length: 0\n\n", -1, SipReasons.DropMalformedResponse },

        // §3.3 semantics.
        {
            "bcast",
            "SIP/2.0 200 OK\nVia: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923\nVia: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23\n" +
            "Call-ID: bcast.0384840201234ksdfak3j2erwedfsASdf\nCSeq: 35 INVITE\nFrom: sip:user@example.com;tag=11141343\nTo: sip:user@example.edu;tag=2229\nContent-Length: 0\n\n",
            -1, SipReasons.DropBroadcastVia
        },
        {
            "bext01",
            Request("OPTIONS sip:user@example.com SIP/2.0", "Require: nothingSupportsThis, nothingSupportsThisEither\nProxy-Require: noProxiesSupportThis, nothingSupportsThisEither\n"),
            420, SipReasons.BadExtension
        },
        { "insuf", "INVITE sip:user@example.com SIP/2.0\nCSeq: 193942 INVITE\nVia: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf\nContent-Type: application/sdp\nl: 0\n\n", 400, SipReasons.MissingFrom },
        { "unkscm", Request("OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0"), 416, SipReasons.UnsupportedUriScheme },
        { "novelsc", Request("OPTIONS soap.beep://192.0.2.103:3002 SIP/2.0"), 416, SipReasons.UnsupportedUriScheme },
        { "zeromf", Request("OPTIONS sip:user@example.com SIP/2.0").Replace("Max-Forwards: 70", "Max-Forwards: 0"), 483, SipReasons.TooManyHops },
        { "multi01", Request("INVITE sip:user@example.com SIP/2.0", "Call-ID: multi01.98asdh@192.0.2.2\n", "INVITE"), 400, SipReasons.MultipleCallId },
        { "multi01-to", Request("INVITE sip:user@example.com SIP/2.0", cseqMethod: "INVITE", to: "sip:user@example.com, sip:other@example.net"), 400, SipReasons.MultipleTo },
        { "mcl01", Request("OPTIONS sip:user@example.com SIP/2.0").Replace("Content-Length: 0", "Content-Length: 0\nContent-Length: 2"), 400, SipReasons.BadContentLength },
        { "not-sip", "\u0016\u0003\u0001 binary noise", -1, SipReasons.DropNotSip },
        { "no-via", Request("OPTIONS sip:user@example.com SIP/2.0").Replace("Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234\n", ""), -1, SipReasons.DropNoVia },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verdict(string name, string text, int expected, string reason)
    {
        var verdict = Inspect(Bytes(text), SipFraming.Datagram, new HashSet<string> { "timer", "100rel" });
        switch (expected)
        {
            case 0:
                Assert.True(verdict.Action == SipVerdictAction.Process, $"{name}: {verdict} {verdict.Parse}");
                break;
            case -1:
                Assert.True(verdict.Action == SipVerdictAction.Drop, $"{name}: {verdict}");
                Assert.Equal(reason, verdict.DropReason);
                break;
            default:
                Assert.True(verdict.Action == SipVerdictAction.Respond, $"{name}: {verdict} {verdict.Parse}");
                Assert.Equal(expected, verdict.StatusCode);
                Assert.Equal(reason, verdict.ReasonPhrase);
                break;
        }
    }

    [Fact]
    public void Bext01_ListsEveryUnsupportedOptionOnce()
    {
        var verdict = Inspect(Bytes(Request("OPTIONS sip:user@example.com SIP/2.0", "Require: nothingSupportsThis, nothingSupportsThisEither\nProxy-Require: noProxiesSupportThis, nothingSupportsThisEither\n")));
        Assert.Equal("Unsupported: nothingSupportsThis, nothingSupportsThisEither, noProxiesSupportThis", verdict.ExtraHeaderLine);
    }

    [Fact]
    public void Wsinv_FieldsSurviveFoldingAndWhitespace()
    {
        var m = ParseOk(Bytes(Wsinv));
        Assert.True(m.TryGetCSeq(out uint n, out SipMethod method, out _));
        Assert.Equal(9u, n);
        Assert.Equal(SipMethod.Invite, method);
        Assert.True(m.TryGetMaxForwards(out int hops));
        Assert.Equal(68, hops);
        Assert.Equal("1918181833n", Str(m.ToTag));
        Assert.Equal("98asjd8", Str(m.FromTag));
        Assert.True(m.TryGetTopVia(out SipVia via));
        Assert.Equal("192.0.2.2", Str(via.Host));
        Assert.Equal("390skdjuw", Str(via.Branch));
        int count = 0;
        foreach (var v in m.Values(SipHeaderName.Via))
        {
            Assert.True(SipVia.TryParse(v, out SipVia hop));
            Assert.True(hop.HasWellFormedParameters);
            count++;
        }

        Assert.Equal(3, count);
        Assert.True(m.Header(m.IndexOf(SipHeaderName.Subject)).Value.IsEmpty);
    }

    [Fact]
    public void Dblreq_OnlyTheFirstRequestIsUsed()
    {
        var m = ParseOk(Bytes(Dblreq));
        Assert.Equal(SipMethod.Register, m.Method);
        Assert.True(m.Body.IsEmpty);
    }

    [Fact]
    public void Semiuri_UserContainsSemicolon()
    {
        Assert.True(SipUri.TryParse("sip:user;par=u%40example.net@example.com"u8, out SipUri uri));
        Assert.Equal("user;par=u%40example.net", Str(uri.User));
        Assert.Equal("example.com", Str(uri.Host));
        Assert.True(uri.Parameters.IsEmpty);
    }

    [Fact]
    public void Intmeth_UnknownMethodKeepsItsName()
    {
        var m = ParseOk(Bytes(Intmeth));
        Assert.Equal(SipMethod.Unknown, m.Method);
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", Str(m.MethodName));
        Assert.True(SipUri.TryParse(m.RequestUri, out SipUri uri));
        Assert.True(uri.HasPassword);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", Str(uri.Password));
    }

    [Fact]
    public void Stream_RequestWithoutContentLength_Gets400()
    {
        var verdict = Inspect(Bytes(Request("OPTIONS sip:user@example.com SIP/2.0").Replace("Content-Length: 0\n", "")), SipFraming.Stream);
        Assert.Equal(400, verdict.StatusCode);
        Assert.Equal(SipReasons.MissingContentLength, verdict.ReasonPhrase);
    }

    [Fact]
    public void OverLimit_WithReadableVia_Gets513_ElseDrop()
    {
        var limits = new SipParserLimits { MaxMessageBytes = 512 };
        byte[] big = Bytes(Request("MESSAGE sip:user@example.com SIP/2.0", cseqMethod: "MESSAGE").Replace("Content-Length: 0\n\n", "\n" + new string('x', 1000)));
        var verdict = SipInspector.Inspect(big, SipFraming.Datagram, limits, null, new SipMessage());
        Assert.Equal(513, verdict.StatusCode);

        byte[] noVia = Bytes("MESSAGE sip:user@example.com SIP/2.0\nX-Pad: " + new string('y', 1000) + "\n\n");
        var dropped = SipInspector.Inspect(noVia, SipFraming.Datagram, limits, null, new SipMessage());
        Assert.Equal(SipVerdictAction.Drop, dropped.Action);
    }
}
