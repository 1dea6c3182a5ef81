using System.Net;
using System.Text;
using Cluster.Edge.Sip;
using static Cluster.Tests.Sip.SipTestMessages;
using static Cluster.Tests.Sip.SipTortureMessages;

namespace Cluster.Tests.Sip;

/// <summary>RFC 3261 §25: control characters in a start line, header name or header value get 400 naming the place.</summary>
public sealed class SipControlCharacterTests
{
    private const string Options = "OPTIONS sip:user@example.com SIP/2.0";

    /// <summary>Every byte the grammar has no room for outside a quoted-pair: 0x00-0x1F but HTAB and LF, and DEL.</summary>
    public static TheoryData<byte> Forbidden()
    {
        var data = new TheoryData<byte>();
        for (int b = 0; b < 0x20; b++)
        {
            if (b is not ('\t' or '\n'))
            {
                data.Add((byte)b);
            }
        }

        data.Add(0x7F);
        return data;
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void In_the_request_uri_gets_400_control_character_in_request_line(byte control)
    {
        AssertAnswered(Insert(Request(Options), "sip:user@exa", control), SipReasons.ControlCharacterInRequestLine);
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void In_the_method_or_version_gets_400_control_character_in_request_line(byte control)
    {
        AssertAnswered(Insert(Request(Options), "OPT", control), SipReasons.ControlCharacterInRequestLine);
        AssertAnswered(Insert(Request(Options), "OPTIONS sip:user@example.com SIP/2.0", control), SipReasons.ControlCharacterInRequestLine);
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void In_a_header_name_gets_400_control_character_in_header_name(byte control)
    {
        AssertAnswered(Insert(Request(Options, "Subject: hello\n"), "Sub", control), SipReasons.ControlCharacterInHeaderName);
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void In_a_header_value_gets_400_naming_the_header(byte control)
    {
        AssertAnswered(Insert(Request(Options, "Subject: hello\n"), "Subject: hel", control), "Control Character in Subject Value");
        AssertAnswered(Insert(Request(Options, "X-Extension-!%*: a\n"), "X-Extension-!%*: a", control), "Control Character in X-Extension-!%* Value");
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void In_a_mandatory_header_gets_400_too_and_the_answer_leaves_that_line_out(byte control)
    {
        byte[] request = Insert(Request(Options), "Call-ID: torture", control);
        AssertAnswered(request, "Control Character in Call-ID Value");

        string answer = Answer(request);
        Assert.DoesNotContain("Call-ID:", answer, StringComparison.Ordinal);
        Assert.Contains("\r\nCSeq: 8 OPTIONS\r\n", answer, StringComparison.Ordinal);
        Assert.Equal(-1, SipControlCharacters.IndexOfForbidden(Encoding.UTF8.GetBytes(answer)));
    }

    [Fact]
    public void Htab_folding_utf8_and_lf_only_line_ends_are_not_control_characters()
    {
        string text = Request(Options, "Subject: tab\there\n  folded onto a second line\nX-Name: caf\u00e9 \u5927\u505c\u96fb\n");
        Assert.Equal(SipVerdictAction.Process, Inspect(Bytes(text)).Action);
        Assert.Equal(SipVerdictAction.Process, Inspect(Bytes(text), SipFraming.Stream).Action);
        Assert.Equal(SipVerdictAction.Process, Inspect(Raw(text)).Action);
    }

    [Fact]
    public void A_quoted_pair_in_a_quoted_string_is_allowed_as_rfc_4475_intmeth_has_it()
    {
        string to = "\"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007F\" <sip:user@example.com>";
        Assert.Equal(SipVerdictAction.Process, Inspect(Bytes(Request(Options, to: to))).Action);
    }

    [Theory]
    [InlineData("\"raw \u0000 NUL in quotes\" <sip:user@example.com>")] // not escaped
    [InlineData("\"escaped backslash \\\\\u0000\" <sip:user@example.com>")] // the backslash is itself quoted, the NUL is raw
    [InlineData("outside quotes \\\u0000 <sip:user@example.com>")] // a quoted-pair lives only in a quoted string
    [InlineData("\"escaped CR \\\r is no quoted-pair\" <sip:user@example.com>")] // quoted-pair excludes CR and LF
    public void A_control_character_that_is_no_quoted_pair_is_refused(string to)
    {
        AssertAnswered(Bytes(Request(Options, to: to)), "Control Character in To Value");
    }

    [Fact]
    public void A_bare_cr_or_cr_cr_lf_is_no_line_terminator()
    {
        AssertAnswered(Raw(Request(Options, "Subject: a\rb\n")), "Control Character in Subject Value");
        AssertAnswered(Raw(Request(Options, "Subject: ab\n").Replace("\n", "\r\n").Replace("ab\r\n", "ab\r\r\n")), "Control Character in Subject Value");
    }

    [Fact]
    public void A_control_character_outranks_another_error_of_the_same_message()
    {
        AssertAnswered(Insert(Request(Options, "no colon on this line\nSubject: x\n"), "Subject: ", 0), "Control Character in Subject Value");
        AssertAnswered(Insert(Request("OPTIONS  sip:user@example.com SIP/2.0"), "sip:us", 1), SipReasons.ControlCharacterInRequestLine);
    }

    [Fact]
    public void A_datagram_whose_header_section_never_ends_is_screened_too()
    {
        byte[] unterminated = Insert(Request(Options), "Call-ID: torture", 0x1B).AsSpan()[..^2].ToArray();
        var verdict = Inspect(unterminated);
        Assert.Equal(400, verdict.StatusCode);
        Assert.Equal("Control Character in Call-ID Value", verdict.ReasonPhrase);
    }

    [Fact]
    public void A_body_may_hold_any_byte()
    {
        byte[] head = Bytes(Request(Options).Replace("Content-Length: 0", "Content-Type: application/octet-stream\nContent-Length: 4"));
        byte[] message = [.. head, 0x00, 0x07, 0x0D, 0x7F];
        Assert.Equal(SipVerdictAction.Process, Inspect(message).Action);
    }

    [Fact]
    public void A_response_or_an_ack_with_a_control_character_is_dropped_never_answered()
    {
        byte[] response = Insert(Ok200, "Call-ID: a84b", 0);
        Assert.Equal(SipReasons.DropMalformedResponse, Inspect(response).DropReason);
        Assert.Equal(SipReasons.DropInvalidAck, Inspect(Insert(Request("ACK sip:user@example.com SIP/2.0", cseqMethod: "ACK"), "Call-ID: t", 0)).DropReason);
    }

    [Fact]
    public void A_first_byte_that_is_a_control_character_is_noise()
    {
        Assert.Equal(SipReasons.DropNotSip, Inspect([0x00, .. Bytes(Request(Options))]).DropReason);
    }

    [Fact]
    public void On_a_stream_the_message_is_answered_and_the_connection_goes_on()
    {
        var verdict = Inspect(Insert(Request(Options), "Call-ID: t", 0), SipFraming.Stream);
        Assert.Equal(400, verdict.StatusCode);
        Assert.False(verdict.MustCloseStream);
    }

    [Fact]
    public void The_scan_finds_the_exact_offset_on_either_side_of_every_vector_block_boundary()
    {
        byte[] clean = Bytes(Request(Options, "Subject: " + new string('a', 120) + "\n"));
        int value = Encoding.ASCII.GetString(clean).IndexOf("Subject: ", StringComparison.Ordinal) + 9;
        Assert.Equal(-1, SipControlCharacters.IndexOfForbidden(clean));
        for (int at = value; at < value + 120; at++)
        {
            byte[] bytes = (byte[])clean.Clone();
            bytes[at] = 0x7F;
            Assert.Equal(at, SipControlCharacters.IndexOfForbidden(bytes));

            // CR then anything but LF is no line end; CR LF SP is folding wherever the pair straddles a block.
            bytes[at] = (byte)'\r';
            Assert.Equal(at, SipControlCharacters.IndexOfForbidden(bytes));
            bytes[at + 1] = (byte)'\n';
            bytes[at + 2] = (byte)' ';
            Assert.Equal(-1, SipControlCharacters.IndexOfForbidden(bytes));
        }
    }

    private static void AssertAnswered(byte[] request, string reason)
    {
        foreach (SipFraming framing in new[] { SipFraming.Datagram, SipFraming.Stream })
        {
            var verdict = Inspect(request, framing);
            Assert.True(verdict.Action == SipVerdictAction.Respond, $"{framing}: {verdict}");
            Assert.Equal(400, verdict.StatusCode);
            Assert.Equal(reason, verdict.ReasonPhrase);
        }
    }

    private static string Answer(byte[] request)
    {
        var message = new SipMessage();
        var verdict = SipInspector.Inspect(request, SipFraming.Datagram, SipParserLimits.Default, null, message);
        byte[] output = new byte[4096];
        int n = SipResponseWriter.Write(message, in verdict, new IPEndPoint(IPAddress.Loopback, 5060), "tag"u8, output);
        Assert.True(n > 0);
        return Encoding.UTF8.GetString(output, 0, n);
    }

    /// <summary>The CRLF bytes of <paramref name="text"/> with <paramref name="control"/> inserted right after the first <paramref name="after"/>.</summary>
    private static byte[] Insert(string text, string after, byte control)
    {
        byte[] bytes = Bytes(text);
        int at = Encoding.UTF8.GetString(bytes).IndexOf(after, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{after}' not in the message");
        at += Encoding.UTF8.GetByteCount(after);
        return [.. bytes[..at], control, .. bytes[at..]];
    }
}
