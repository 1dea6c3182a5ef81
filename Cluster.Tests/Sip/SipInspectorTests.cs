using Cluster.Edge.Sip;
using static Cluster.Tests.Sip.SipTestMessages;
using static Cluster.Tests.Sip.SipTortureMessages;

namespace Cluster.Tests.Sip;

public sealed class SipInspectorTests
{
    [Theory]
    [InlineData(nameof(Invite))]
    [InlineData(nameof(Register))]
    [InlineData(nameof(Ok200))]
    [InlineData(nameof(Options))]
    public void ValidMessages_AreProcessed_InBothFramings(string name)
    {
        string text = (string)typeof(SipTestMessages).GetField(name)!.GetValue(null)!;
        Assert.Equal(SipVerdictAction.Process, Inspect(Bytes(text)).Action);
        Assert.Equal(SipVerdictAction.Process, Inspect(Bytes(text), SipFraming.Stream).Action);
    }

    [Theory]
    [InlineData("From: <sip:caller@example.net>;tag=134161461246\n", "", SipReasons.MissingFrom)]
    [InlineData("To: <sip:user@example.com>\n", "", SipReasons.MissingTo)]
    [InlineData("Call-ID: torture.0ha0isndaksdjasdf3234nas\n", "", SipReasons.MissingCallId)]
    [InlineData("Call-ID: torture.0ha0isndaksdjasdf3234nas\n", "Call-ID: has space\n", SipReasons.BadCallId)]
    [InlineData("CSeq: 8 OPTIONS\n", "", SipReasons.MissingCSeq)]
    [InlineData("CSeq: 8 OPTIONS\n", "CSeq: OPTIONS\n", SipReasons.BadCSeq)]
    [InlineData("CSeq: 8 OPTIONS\n", "CSeq: 2147483648 OPTIONS\n", SipReasons.BadCSeq)]
    [InlineData("CSeq: 8 OPTIONS\n", "CSeq: 8 OPTIONS\nCSeq: 9 OPTIONS\n", SipReasons.MultipleCSeq)]
    [InlineData("Max-Forwards: 70\n", "Max-Forwards: seventy\n", SipReasons.BadMaxForwards)]
    [InlineData("Max-Forwards: 70\n", "Max-Forwards: 256\n", SipReasons.BadMaxForwards)]
    [InlineData("From: <sip:caller@example.net>;tag=134161461246\n", "From: <sip:caller@example.net>;tag=1\nFrom: <sip:x@example.net>;tag=2\n", SipReasons.MultipleFrom)]
    [InlineData("Content-Length: 0\n", "Content-Length: zero\n", SipReasons.BadContentLength)]
    [InlineData("Content-Length: 0\n", "Content-Length: 0\nContact: <sip:a@b.example>, <junk\n", SipReasons.BadContact)]
    public void BrokenMandatoryHeaders_Get400NamingTheHeader(string remove, string add, string reason)
    {
        string text = Request("OPTIONS sip:user@example.com SIP/2.0").Replace(remove, add);
        var verdict = Inspect(Bytes(text));
        Assert.True(verdict.Action == SipVerdictAction.Respond, verdict.ToString());
        Assert.Equal(400, verdict.StatusCode);
        Assert.Equal(reason, verdict.ReasonPhrase);
    }

    [Fact]
    public void MissingMaxForwards_IsAllowed()
    {
        Assert.Equal(SipVerdictAction.Process, Inspect(Bytes(Request("OPTIONS sip:user@example.com SIP/2.0").Replace("Max-Forwards: 70\n", ""))).Action);
    }

    [Fact]
    public void ContactStar_IsAllowed()
    {
        Assert.Equal(SipVerdictAction.Process, Inspect(Bytes(Request("REGISTER sip:example.com SIP/2.0", "Contact: *\nExpires: 0\n", "REGISTER"))).Action);
    }

    [Fact]
    public void Require_SupportedOptionsPass_UnknownGet420()
    {
        string text = Request("INVITE sip:user@example.com SIP/2.0", "Require: timer, 100rel, foo\n", "INVITE");
        var verdict = Inspect(Bytes(text), SipFraming.Datagram, new HashSet<string> { "timer", "100rel" });
        Assert.Equal(420, verdict.StatusCode);
        Assert.Equal("Unsupported: foo", verdict.ExtraHeaderLine);
        Assert.Equal(SipVerdictAction.Process, Inspect(Bytes(text), SipFraming.Datagram, new HashSet<string> { "timer", "100rel", "foo" }).Action);
    }

    [Fact]
    public void Require_IsIgnoredOnCancel()
    {
        string text = Request("CANCEL sip:user@example.com SIP/2.0", "Require: foo\n", "CANCEL");
        Assert.Equal(SipVerdictAction.Process, Inspect(Bytes(text)).Action);
    }

    [Fact]
    public void BrokenAck_IsDroppedNeverAnswered()
    {
        string text = Request("ACK sip:user@example.com SIP/2.0", cseqMethod: "ACK").Replace("Call-ID: torture.0ha0isndaksdjasdf3234nas\n", "");
        var verdict = Inspect(Bytes(text));
        Assert.Equal(SipVerdictAction.Drop, verdict.Action);
        Assert.Equal(SipReasons.DropInvalidAck, verdict.DropReason);
    }

    [Fact]
    public void Stream_Incomplete_IsReportedWithoutVerdictOnContent()
    {
        byte[] bytes = Bytes(Invite);
        var verdict = Inspect(bytes.AsSpan(0, 100).ToArray(), SipFraming.Stream);
        Assert.Equal(SipParseStatus.Incomplete, verdict.Parse.Status);
        Assert.Equal(SipReasons.DropIncomplete, verdict.DropReason);
        Assert.False(verdict.MustCloseStream);
    }

    [Fact]
    public void Stream_UnframeableMessage_MustCloseConnection()
    {
        var verdict = Inspect(Bytes(Request("OPTIONS sip:user@example.com SIP/2.0").Replace("Content-Length: 0", "Content-Length: x")), SipFraming.Stream);
        Assert.Equal(400, verdict.StatusCode);
        Assert.True(verdict.MustCloseStream);

        var soft = Inspect(Bytes(Request("OPTIONS sip:user@example.com SIP/2.0", "bad line without colon\n")), SipFraming.Stream);
        Assert.Equal(SipReasons.BadHeaderLine, soft.ReasonPhrase);
        Assert.False(soft.MustCloseStream);
    }

    [Fact]
    public void KeepAliveDatagram_IsDropped()
    {
        Assert.Equal(SipReasons.DropKeepAlive, Inspect("\r\n\r\n"u8.ToArray()).DropReason);
    }

    [Theory]
    [InlineData("SIP/2.0 200 OK\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\nCSeq: 1 INVITE\nFrom: <sip:a@b.example>;tag=1\nTo: <sip:c@d.example>\n\n")] // no Call-ID
    [InlineData("SIP/2.0 200 OK\nCall-ID: x\nCSeq: 1 INVITE\nFrom: <sip:a@b.example>;tag=1\nTo: <sip:c@d.example>\n\n")] // no Via
    [InlineData("SIP/2.0 200 OK\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\nCall-ID: x\nCSeq: one INVITE\nFrom: <sip:a@b.example>;tag=1\nTo: <sip:c@d.example>\n\n")]
    [InlineData("SIP/2.0 20 OK\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\n\n")]
    [InlineData("SIP/3.0 200 OK\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\nCall-ID: x\nCSeq: 1 INVITE\nFrom: <sip:a@b.example>;tag=1\nTo: <sip:c@d.example>\n\n")]
    public void MalformedResponses_AreDropped(string text)
    {
        Assert.Equal(SipVerdictAction.Drop, Inspect(Bytes(text)).Action);
    }
}
