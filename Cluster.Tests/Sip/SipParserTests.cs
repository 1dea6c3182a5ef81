using Cluster.Edge.Sip;
using static Cluster.Tests.Sip.SipTestMessages;

namespace Cluster.Tests.Sip;

public sealed class SipParserTests
{
    [Fact]
    public void Invite_StartLineAndHeadersAreIndexed()
    {
        byte[] bytes = Bytes(Invite);
        var m = ParseOk(bytes);

        Assert.True(m.IsRequest);
        Assert.Equal(SipMethod.Invite, m.Method);
        Assert.Equal("INVITE", Str(m.MethodName));
        Assert.Equal("sip:bob@biloxi.example.com", Str(m.RequestUri));
        Assert.Equal("SIP/2.0", Str(m.Version));
        Assert.Equal(12, m.HeaderCount);
        Assert.Equal(SipHeaderName.Via, m.Header(0).Name);
        Assert.Equal("Via", Str(m.Header(0).RawName));
        Assert.StartsWith("Via: SIP/2.0/UDP", Str(m.Header(0).RawLine));
        Assert.EndsWith("\r\n", Str(m.Header(0).RawLine));
        Assert.Equal("a84b4c76e66710@pc33.atlanta.example.com", Str(m.CallId));
        Assert.Equal("1928301774", Str(m.FromTag));
        Assert.True(m.ToTag.IsEmpty);
        Assert.Equal("Cluster-Test/1.0", Str(m.UserAgent));
        Assert.True(m.TryGetMaxForwards(out int hops));
        Assert.Equal(70, hops);
        Assert.True(m.TryGetCSeq(out uint n, out SipMethod method, out var methodName));
        Assert.Equal(314159u, n);
        Assert.Equal(SipMethod.Invite, method);
        Assert.Equal("INVITE", Str(methodName));
        Assert.Equal(m.Body.Length, m.ContentLength);
        Assert.StartsWith("v=0\r\n", Str(m.Body));
        Assert.Equal(bytes.Length, m.Buffer.Length);
    }

    [Fact]
    public void Invite_IsAboutSixHundredBytes()
    {
        Assert.InRange(Bytes(Invite).Length, 550, 750);
    }

    [Fact]
    public void TopVia_FieldsAreExposed()
    {
        var m = ParseOk(Bytes(Invite));
        Assert.True(m.TryGetTopVia(out SipVia via));
        Assert.Equal("SIP", Str(via.ProtocolName));
        Assert.Equal("2.0", Str(via.ProtocolVersion));
        Assert.Equal("UDP", Str(via.Transport));
        Assert.Equal("pc33.atlanta.example.com", Str(via.Host));
        Assert.Equal(5060, via.Port);
        Assert.Equal("z9hG4bK776asdhds", Str(via.Branch));
        Assert.True(via.HasRport);
        Assert.Equal(0, via.Rport);
        Assert.Equal(-1, via.Ttl);
        Assert.True(via.HasWellFormedParameters);
    }

    [Fact]
    public void Response_StatusLineIsIndexed()
    {
        var m = ParseOk(Bytes(Ok200));
        Assert.False(m.IsRequest);
        Assert.Equal(200, m.StatusCode);
        Assert.Equal("OK", Str(m.ReasonPhrase));
        Assert.Equal("a6c85cf", Str(m.ToTag));
        Assert.Equal(0, m.ContentLength);
        Assert.Equal(2, m.Count(SipHeaderName.Via));
    }

    [Fact]
    public void CompactForms_MapToFullNames()
    {
        byte[] bytes = Bytes("""
            MESSAGE sip:a@b.example SIP/2.0
            v: SIP/2.0/TCP h.example;branch=z9hG4bK1
            i: abc
            f: <sip:x@y.example>;tag=1
            t: <sip:a@b.example>
            m: <sip:x@1.2.3.4>
            l: 5
            c: text/plain
            k: path
            s: hi
            e: gzip
            CSeq: 1 MESSAGE

            hello
            """);
        var m = ParseOk(bytes, SipFraming.Stream);
        SipHeaderName[] expected =
        [
            SipHeaderName.Via, SipHeaderName.CallId, SipHeaderName.From, SipHeaderName.To, SipHeaderName.Contact,
            SipHeaderName.ContentLength, SipHeaderName.ContentType, SipHeaderName.Supported, SipHeaderName.Subject,
            SipHeaderName.ContentEncoding, SipHeaderName.CSeq,
        ];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], m.Header(i).Name);
        }

        Assert.Equal("hello", Str(m.Body));
        Assert.Equal(SipMethod.Message, m.Method);
    }

    [Fact]
    public void HeaderNames_AreCaseInsensitive_AndUnknownIsKept()
    {
        var m = ParseOk(Bytes("OPTIONS sip:a@b.example SIP/2.0\nVIA: SIP/2.0/UDP h.example;branch=z9hG4bK1\ncall-id: x\nX-Custom : yes\ncontent-LENGTH: 0\n\n"));
        Assert.Equal(SipHeaderName.Via, m.Header(0).Name);
        Assert.Equal(SipHeaderName.CallId, m.Header(1).Name);
        Assert.Equal(SipHeaderName.Unknown, m.Header(2).Name);
        Assert.Equal("X-Custom", Str(m.Header(2).RawName));
        Assert.Equal("yes", Str(m.Header(2).Value));
        Assert.Equal(2, m.IndexOf(SipHeaderName.Unknown));
        Assert.Equal(-1, m.IndexOf(SipHeaderName.Route));
        Assert.Equal(-1, m.IndexOf(SipHeaderName.Via, 1));
    }

    [Fact]
    public void FoldedHeader_ValueSpansContinuationLines()
    {
        var m = ParseOk(Bytes("OPTIONS sip:a@b.example SIP/2.0\nSubject: first\n  second\n\tthird\nContent-Length: 0\n\n"));
        Assert.Equal("first\r\n  second\r\n\tthird", Str(m.Header(0).Value));
        Assert.Equal(SipHeaderName.ContentLength, m.Header(1).Name);
    }

    [Fact]
    public void Datagram_WithoutContentLength_BodyIsRestOfDatagram()
    {
        var m = ParseOk(Bytes("MESSAGE sip:a@b.example SIP/2.0\nCall-ID: x\n\nbody bytes"));
        Assert.Equal(-1, m.ContentLength);
        Assert.Equal("body bytes", Str(m.Body));
    }

    [Fact]
    public void Datagram_BytesBeyondContentLength_AreIgnored()
    {
        byte[] bytes = Bytes("MESSAGE sip:a@b.example SIP/2.0\nContent-Length: 4\n\nbodyEXTRA");
        var m = new SipMessage();
        var r = SipParser.Parse(bytes, SipParserLimits.Default, SipFraming.Datagram, m);
        Assert.Equal(SipParseStatus.Complete, r.Status);
        Assert.Equal("body", Str(m.Body));
        Assert.Equal(bytes.Length - 5, r.Consumed);
    }

    [Fact]
    public void Datagram_BodyShorterThanContentLength_IsInvalid()
    {
        var r = SipParser.Parse(Bytes("MESSAGE sip:a@b.example SIP/2.0\nContent-Length: 40\n\nshort"), SipParserLimits.Default, SipFraming.Datagram, new SipMessage());
        Assert.Equal(SipParseStatus.Invalid, r.Status);
        Assert.Equal(SipParseError.BodyTruncated, r.Error);
    }

    [Fact]
    public void Stream_WithoutContentLength_BodyIsEmpty_AndNextMessageFollows()
    {
        byte[] two = [.. Bytes("OPTIONS sip:a@b.example SIP/2.0\nCall-ID: 1\n\n"), .. Bytes(Options)];
        var m = new SipMessage();
        var r = SipParser.Parse(two, SipParserLimits.Default, SipFraming.Stream, m);
        Assert.Equal(SipParseStatus.Complete, r.Status);
        Assert.True(m.Body.IsEmpty);
        var r2 = SipParser.Parse(two.AsMemory(r.Consumed), SipParserLimits.Default, SipFraming.Stream, m);
        Assert.Equal(SipParseStatus.Complete, r2.Status);
        Assert.Equal(two.Length, r.Consumed + r2.Consumed);
        Assert.Equal("a84b4c76e66710", Str(m.CallId));
    }

    [Fact]
    public void Stream_LeadingKeepAlives_AreSkipped()
    {
        byte[] bytes = [.. "\r\n\r\n"u8.ToArray(), .. Bytes(Options)];
        var m = new SipMessage();
        var r = SipParser.Parse(bytes, SipParserLimits.Default, SipFraming.Stream, m);
        Assert.Equal(SipParseStatus.Complete, r.Status);
        Assert.Equal(bytes.Length, r.Consumed);
        Assert.Equal(bytes.Length - 4, m.Buffer.Length);

        var ping = SipParser.Parse("\r\n\r\n"u8.ToArray(), SipParserLimits.Default, SipFraming.Stream, m);
        Assert.Equal(SipParseStatus.Incomplete, ping.Status);
        Assert.Equal(4, ping.Consumed);
    }

    [Fact]
    public void Stream_ContentLengthBeyondLimit_IsRejectedBeforeWaiting()
    {
        var r = SipParser.Parse(Bytes("MESSAGE sip:a@b.example SIP/2.0\nContent-Length: 900000\n\nabc"), SipParserLimits.Default, SipFraming.Stream, new SipMessage());
        Assert.Equal(SipParseError.MessageTooLarge, r.Error);
        Assert.Equal(0, r.Consumed);
    }

    [Fact]
    public void Stream_ConflictingContentLengths_AreInvalid()
    {
        var r = SipParser.Parse(Bytes("MESSAGE sip:a@b.example SIP/2.0\nContent-Length: 3\nl: 4\n\nabcd"), SipParserLimits.Default, SipFraming.Stream, new SipMessage());
        Assert.Equal(SipParseError.BadContentLength, r.Error);
    }

    [Fact]
    public void Limits_TooManyHeaders()
    {
        var limits = new SipParserLimits { MaxHeaders = 8 };
        string text = "OPTIONS sip:a@b.example SIP/2.0\n" + string.Concat(Enumerable.Repeat("X-A: 1\n", 9)) + "\n";
        var r = SipParser.Parse(Bytes(text), limits, SipFraming.Datagram, new SipMessage());
        Assert.Equal(SipParseError.TooManyHeaders, r.Error);
    }

    [Fact]
    public void Limits_LineTooLong_DetectedWithoutLineEnd()
    {
        var limits = new SipParserLimits { MaxHeaderLineBytes = 64 };
        byte[] bytes = Bytes("OPTIONS sip:a@b.example SIP/2.0\nX-Long: " + new string('a', 100));
        var r = SipParser.Parse(bytes, limits, SipFraming.Stream, new SipMessage());
        Assert.Equal(SipParseError.HeaderLineTooLong, r.Error);

        var folded = Bytes("OPTIONS sip:a@b.example SIP/2.0\nX-Long: " + string.Concat(Enumerable.Repeat("aaaaaaaaaa\n ", 10)) + "\n\n");
        Assert.Equal(SipParseError.HeaderLineTooLong, SipParser.Parse(folded, limits, SipFraming.Datagram, new SipMessage()).Error);
    }

    [Fact]
    public void Limits_MessageTooLarge_Datagram()
    {
        var limits = new SipParserLimits { MaxMessageBytes = 256 };
        byte[] bytes = Bytes("MESSAGE sip:a@b.example SIP/2.0\nVia: SIP/2.0/UDP h.example;branch=z9hG4bK1\n\n" + new string('x', 400));
        var m = new SipMessage();
        var r = SipParser.Parse(bytes, limits, SipFraming.Datagram, m);
        Assert.Equal(SipParseError.MessageTooLarge, r.Error);
        Assert.True(m.TryGetTopVia(out _));
    }

    [Fact]
    public void Limits_RejectNonsenseConfiguration()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipParserLimits { MaxHeaders = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipParserLimits { MaxMessageBytes = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SipParserLimits { MaxHeaderLineBytes = 1 });
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("\u0016\u0003\u0001\u0002\u0000")]
    [InlineData("hello world\r\n\r\n")]
    [InlineData("{\"json\":1}")]
    public void NotSip(string text)
    {
        var r = SipParser.Parse(Raw(text), SipParserLimits.Default, SipFraming.Datagram, new SipMessage());
        Assert.Equal(SipParseStatus.Invalid, r.Status);
        Assert.Equal(SipParseError.NotSip, r.Error);
    }

    [Fact]
    public void EmptyDatagram_IsKeepAlive()
    {
        Assert.Equal(SipParseError.Empty, SipParser.Parse("\r\n\r\n"u8.ToArray(), SipParserLimits.Default, SipFraming.Datagram, new SipMessage()).Error);
        Assert.Equal(SipParseError.Empty, SipParser.Parse(Array.Empty<byte>(), SipParserLimits.Default, SipFraming.Datagram, new SipMessage()).Error);
    }

    [Theory]
    [InlineData("SIP/2.0 99 Low\n", SipParseError.BadStartLine)]
    [InlineData("SIP/2.0 2000 Big\n", SipParseError.BadStartLine)]
    [InlineData("SIP/2 200 OK\n", SipParseError.BadVersion)]
    [InlineData("INVITE sip:a@b SIP/2\n", SipParseError.BadVersion)]
    [InlineData("INVITE  sip:a@b SIP/2.0\n", SipParseError.BadRequestUri)]
    [InlineData("INVITE sip:a@b SIP/2.0 \n", SipParseError.BadStartLine)]
    [InlineData("INVITE sip:a@b\n", SipParseError.NotSip)]
    public void BadStartLines(string startLine, SipParseError expected)
    {
        var r = SipParser.Parse(Bytes(startLine + "Call-ID: x\n\n"), SipParserLimits.Default, SipFraming.Datagram, new SipMessage());
        Assert.Equal(expected, r.Error);
    }

    [Fact]
    public void BadHeaderLine_IsSoft_LaterHeadersStillIndexed()
    {
        var m = new SipMessage();
        var r = SipParser.Parse(Bytes("OPTIONS sip:a@b.example SIP/2.0\nno colon here\nCall-ID: x\n\n"), SipParserLimits.Default, SipFraming.Datagram, m);
        Assert.Equal(SipParseError.BadHeaderLine, r.Error);
        Assert.Equal("x", Str(m.CallId));
    }

    [Fact]
    public void BareLineFeeds_AreTolerated()
    {
        var m = ParseOk(Raw("OPTIONS sip:a@b.example SIP/2.0\nCall-ID: x\nContent-Length: 0\n\n"), SipFraming.Stream);
        Assert.Equal("x", Str(m.CallId));
    }

    [Fact]
    public void Reuse_ResetsState()
    {
        var m = new SipMessage();
        SipParser.Parse(Bytes(Invite), SipParserLimits.Default, SipFraming.Datagram, m);
        SipParser.Parse(Bytes(Ok200), SipParserLimits.Default, SipFraming.Datagram, m);
        Assert.False(m.IsRequest);
        Assert.Equal(-1, m.IndexOf(SipHeaderName.UserAgent));
        Assert.True(m.Header(99).Value.IsEmpty);
        Assert.Equal(SipHeaderName.Unknown, m.Header(-1).Name);
    }

    [Fact]
    public void MultiValueVia_EnumeratesAllHops()
    {
        var m = ParseOk(Bytes("""
            SIP/2.0 180 Ringing
            Via: SIP/2.0/UDP a.example;branch=z9hG4bK1, SIP/2.0/TCP [2001:db8::1]:5070;branch=z9hG4bK2
            v: SIP/2.0/UDP c.example;branch=z9hG4bK3
            Via: SIP/2.0/UDP d.example;branch="z9,hG4bK4"
            Content-Length: 0


            """));
        var hosts = new List<string>();
        foreach (var v in m.Values(SipHeaderName.Via))
        {
            hosts.Add(Str(v));
        }

        Assert.Equal(4, hosts.Count);
        Assert.Equal("SIP/2.0/TCP [2001:db8::1]:5070;branch=z9hG4bK2", hosts[1]);
        Assert.Equal("SIP/2.0/UDP d.example;branch=\"z9,hG4bK4\"", hosts[3]);
    }

    [Fact]
    public void SteadyState_ParseAndForward_AllocateNothing()
    {
        ReadOnlyMemory<byte> bytes = Bytes(Invite);
        var m = new SipMessage();
        var writer = new SipMessageWriter();
        byte[] output = new byte[2048];
        int total = 0;
        for (int i = 0; i < 1000; i++)
        {
            total += SipParser.Parse(bytes, SipParserLimits.Default, SipFraming.Datagram, m).Consumed;
            writer.Begin(m);
            total += writer.Write(output);
            total += m.TryGetTopVia(out SipVia via) ? via.Port : 0;
            total += m.TryGetCSeq(out uint n, out _, out _) ? (int)n : 0;
            total += m.FromTag.Length;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            total += SipParser.Parse(bytes, SipParserLimits.Default, SipFraming.Datagram, m).Consumed;
            writer.Begin(m);
            total += writer.Write(output);
            total += m.TryGetTopVia(out SipVia via) ? via.Port : 0;
            total += m.TryGetCSeq(out uint n, out _, out _) ? (int)n : 0;
            total += m.FromTag.Length;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, total);
    }
}
