using System.Text;
using Cluster.Edge.Transport;

namespace Cluster.Tests.Transport;

public sealed class SipStreamFramerTests
{
    private const int Max = 65536;

    private static (SipFrameKind Kind, int Length) Frame(string text, int max = Max)
    {
        var kind = SipStreamFramer.Frame(Encoding.ASCII.GetBytes(text), max, out var length);
        return (kind, length);
    }

    internal static string Message(string body, string lengthHeader = "Content-Length") =>
        "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n" +
        $"{lengthHeader}: {Encoding.ASCII.GetByteCount(body)}\r\n\r\n{body}";

    [Fact]
    public void Empty_needs_more() => Assert.Equal((SipFrameKind.NeedMore, 0), Frame(""));

    [Fact]
    public void Whole_message_without_body()
    {
        var text = Message("");
        Assert.Equal((SipFrameKind.Message, text.Length), Frame(text));
    }

    [Fact]
    public void Whole_message_with_body_and_trailing_bytes()
    {
        var text = Message("v=0\r\n");
        Assert.Equal((SipFrameKind.Message, text.Length), Frame(text + "INVITE sip:x SIP/2.0\r\n"));
    }

    [Theory]
    [InlineData("content-length")]
    [InlineData("CONTENT-LENGTH")]
    [InlineData("Content-Length ")]
    [InlineData("l")]
    [InlineData("L")]
    public void Content_length_name_is_case_insensitive_and_compact(string name)
    {
        var text = Message("hello", name);
        Assert.Equal((SipFrameKind.Message, text.Length), Frame(text));
    }

    [Fact]
    public void Similar_header_names_are_not_content_length()
    {
        var text = "MESSAGE sip:a SIP/2.0\r\nContent-Lengthy: 50\r\nLx: 7\r\n\r\n";
        Assert.Equal((SipFrameKind.Message, text.Length), Frame(text));
    }

    [Fact]
    public void Body_not_complete_needs_more_and_tells_the_total()
    {
        var text = Message("0123456789");
        Assert.Equal((SipFrameKind.NeedMore, text.Length), Frame(text[..^1]));
    }

    [Fact]
    public void Header_end_cut_by_an_earlier_read_is_found_when_resuming()
    {
        // Every prefix shorter than the whole (empty-body) message lacks the final LF, so any of them
        // may have been examined without finding the header end.
        var bytes = Encoding.ASCII.GetBytes(Message(""));
        for (var examined = 0; examined < bytes.Length; examined++)
        {
            Assert.Equal(SipFrameKind.Message, SipStreamFramer.Frame(bytes, Max, out var length, examined));
            Assert.Equal(bytes.Length, length);
        }
    }

    [Fact]
    public void Headers_not_complete_needs_more() =>
        Assert.Equal((SipFrameKind.NeedMore, 0), Frame("OPTIONS sip:a SIP/2.0\r\nVia: x\r\n"));

    [Fact]
    public void Missing_content_length_means_empty_body()
    {
        var head = "OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n";
        Assert.Equal((SipFrameKind.Message, head.Length), Frame(head + "garbage"));
    }

    [Fact]
    public void Folded_content_length_value_is_read()
    {
        var text = "MESSAGE sip:a SIP/2.0\r\nContent-Length:\r\n  3\r\n\r\nabc";
        Assert.Equal((SipFrameKind.Message, text.Length), Frame(text));
    }

    [Theory]
    [InlineData("Content-Length: abc")]
    [InlineData("Content-Length: -1")]
    [InlineData("Content-Length: 1 2")]
    [InlineData("Content-Length: 99999999999")]
    [InlineData("Content-Length:")]
    public void Unreadable_content_length_is_invalid(string header) =>
        Assert.Equal(SipFrameKind.Invalid, Frame($"MESSAGE sip:a SIP/2.0\r\n{header}\r\n\r\n").Kind);

    [Fact]
    public void Conflicting_content_lengths_are_invalid() =>
        Assert.Equal(SipFrameKind.Invalid, Frame("MESSAGE sip:a SIP/2.0\r\nContent-Length: 1\r\nl: 2\r\n\r\nab").Kind);

    [Fact]
    public void Content_length_beyond_limit_is_invalid_before_the_body_arrives() =>
        Assert.Equal(SipFrameKind.Invalid, Frame("MESSAGE sip:a SIP/2.0\r\nContent-Length: 5000\r\n\r\n", max: 1024).Kind);

    [Fact]
    public void Header_block_beyond_limit_is_invalid()
    {
        var text = "OPTIONS sip:a SIP/2.0\r\nX: " + new string('a', 2000);
        Assert.Equal(SipFrameKind.Invalid, Frame(text, max: 1024).Kind);
        Assert.Equal(SipFrameKind.NeedMore, Frame(text[..1000], max: 1024).Kind);
    }

    [Fact]
    public void Message_of_exactly_the_limit_is_accepted()
    {
        var head = Message("").Replace("Content-Length: 0", "Content-Length: 100");
        var text = head + new string('b', 100);
        Assert.Equal((SipFrameKind.Message, text.Length), Frame(text, max: text.Length));
        Assert.Equal(SipFrameKind.Invalid, Frame(text, max: text.Length - 1).Kind);
    }

    [Fact]
    public void Double_crlf_is_a_ping() => Assert.Equal((SipFrameKind.Ping, 4), Frame("\r\n\r\nOPTIONS"));

    [Fact]
    public void Single_crlf_before_a_start_line_is_skipped() => Assert.Equal((SipFrameKind.Skip, 2), Frame("\r\nOPTIONS"));

    [Fact]
    public void Lone_lf_is_skipped() => Assert.Equal((SipFrameKind.Skip, 1), Frame("\nOPTIONS"));

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r")]
    public void Prefix_of_a_ping_needs_more(string text) => Assert.Equal((SipFrameKind.NeedMore, 0), Frame(text));

    [Fact]
    public void Cr_followed_by_other_byte_is_invalid() => Assert.Equal(SipFrameKind.Invalid, Frame("\rX").Kind);
}
