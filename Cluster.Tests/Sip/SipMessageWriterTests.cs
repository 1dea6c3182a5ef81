using Cluster.Edge.Sip;
using static Cluster.Tests.Sip.SipTestMessages;

namespace Cluster.Tests.Sip;

public sealed class SipMessageWriterTests
{
    public static TheoryData<string> Messages() => new()
    {
        Invite, Register, Ok200, Options, SipTortureMessages.Wsinv, SipTortureMessages.Intmeth, SipTortureMessages.Esc01,
        SipTortureMessages.Mpart01, SipTortureMessages.Noreason, SipTortureMessages.Longreq(), SipIpv6Messages.Good,
        "OPTIONS sip:a@b.example SIP/2.0\n\n",
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void NoEdits_RoundTripsByteExact(string text)
    {
        byte[] bytes = Bytes(text);
        var m = ParseOk(bytes, SipFraming.Stream);
        var writer = new SipMessageWriter();
        writer.Begin(m);
        byte[] output = new byte[writer.MaxLength()];
        int n = writer.Write(output);
        Assert.Equal(Str(bytes), Str(output.AsSpan(0, n)));

        byte[] copy = new byte[bytes.Length];
        Assert.Equal(bytes.Length, SipMessageWriter.WriteUnmodified(m, copy));
        Assert.Equal(bytes, copy);
    }

    [Fact]
    public void BareLf_RoundTripsByteExact()
    {
        byte[] bytes = Raw("OPTIONS sip:a@b.example SIP/2.0\nCall-ID: x\n  folded\nContent-Length: 2\n\nhi");
        var m = ParseOk(bytes, SipFraming.Stream);
        var writer = new SipMessageWriter();
        writer.Begin(m);
        byte[] output = new byte[writer.MaxLength()];
        Assert.Equal(Str(bytes), Str(output.AsSpan(0, writer.Write(output))));
    }

    [Fact]
    public void ProxyEdits()
    {
        var m = ParseOk(Bytes(Invite));
        var writer = new SipMessageWriter();
        writer.Begin(m);
        Assert.True(writer.ReplaceRequestUri("sip:bob@192.0.2.4:5062"u8.ToArray()));
        Assert.True(writer.InsertHeaderLineAtTop("Via: SIP/2.0/UDP edge.example.com;branch=z9hG4bKedge1\r\n"u8.ToArray()));
        Assert.True(writer.ReplaceHeaderValue(m.IndexOf(SipHeaderName.MaxForwards), "69"u8.ToArray()));
        Assert.True(writer.RemoveHeader(m.IndexOf(SipHeaderName.UserAgent)));
        Assert.True(writer.InsertHeaderLine(m.IndexOf(SipHeaderName.Contact), "Record-Route: <sip:edge.example.com;lr>\r\n"u8.ToArray()));
        Assert.True(writer.ReplaceBody("v=0\r\n"u8.ToArray()));
        Assert.False(writer.RemoveHeader(99));
        Assert.False(writer.InsertHeaderLine(-1, default));

        byte[] output = new byte[writer.MaxLength()];
        int n = writer.Write(output);
        string text = Str(output.AsSpan(0, n));
        Assert.StartsWith("INVITE sip:bob@192.0.2.4:5062 SIP/2.0\r\nVia: SIP/2.0/UDP edge.example.com;branch=z9hG4bKedge1\r\nVia: SIP/2.0/UDP pc33", text);
        Assert.Contains("\r\nMax-Forwards: 69\r\n", text);
        Assert.DoesNotContain("User-Agent", text);
        Assert.Contains("\r\nRecord-Route: <sip:edge.example.com;lr>\r\nContact: <sip:alice", text);
        Assert.EndsWith("\r\nContent-Length: 5\r\n\r\nv=0\r\n", text);

        // The output is itself a valid message with the edits visible.
        var reparsed = ParseOk(output.AsSpan(0, n).ToArray(), SipFraming.Stream);
        Assert.Equal("sip:bob@192.0.2.4:5062", Str(reparsed.RequestUri));
        Assert.True(reparsed.TryGetTopVia(out SipVia via));
        Assert.Equal("edge.example.com", Str(via.Host));
        Assert.Equal(m.HeaderCount + 1, reparsed.HeaderCount);
    }

    [Fact]
    public void ReplaceBody_AddsContentLengthWhenAbsent()
    {
        var m = ParseOk(Bytes("MESSAGE sip:a@b.example SIP/2.0\nCall-ID: x\n\nold"));
        var writer = new SipMessageWriter();
        writer.Begin(m);
        writer.ReplaceBody("hello"u8.ToArray());
        byte[] output = new byte[writer.MaxLength()];
        Assert.Equal("MESSAGE sip:a@b.example SIP/2.0\r\nCall-ID: x\r\nContent-Length: 5\r\n\r\nhello", Str(output.AsSpan(0, writer.Write(output))));
    }

    [Fact]
    public void TooSmallDestination_ReturnsMinusOne()
    {
        var m = ParseOk(Bytes(Invite));
        var writer = new SipMessageWriter();
        writer.Begin(m);
        Assert.Equal(-1, writer.Write(new byte[100]));
        Assert.Equal(-1, SipMessageWriter.WriteUnmodified(m, new byte[100]));
    }

    [Fact]
    public void Begin_ClearsPreviousEdits()
    {
        byte[] bytes = Bytes(Register);
        var m = ParseOk(bytes);
        var writer = new SipMessageWriter();
        writer.Begin(m);
        writer.RemoveHeader(0);
        writer.InsertHeaderLineAtTop("X: y\r\n"u8.ToArray());
        writer.Begin(m);
        byte[] output = new byte[writer.MaxLength()];
        Assert.Equal(bytes, output.AsSpan(0, writer.Write(output)).ToArray());
    }
}
