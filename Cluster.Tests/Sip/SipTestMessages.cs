using Cluster.Edge.Sip;
using System.Text;

namespace Cluster.Tests.Sip;

/// <summary>Sample messages. Written with LF line ends for readability; <see cref="Bytes"/> converts to CRLF.</summary>
internal static class SipTestMessages
{
    public const string Invite = """
        INVITE sip:bob@biloxi.example.com SIP/2.0
        Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport
        Max-Forwards: 70
        To: Bob <sip:bob@biloxi.example.com>
        From: "Alice A." <sip:alice@atlanta.example.com>;tag=1928301774
        Call-ID: a84b4c76e66710@pc33.atlanta.example.com
        CSeq: 314159 INVITE
        Contact: <sip:alice@pc33.atlanta.example.com;transport=udp>
        User-Agent: Cluster-Test/1.0
        Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, UPDATE
        Supported: replaces, timer
        Content-Type: application/sdp
        Content-Length: {CL}

        v=0
        o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com
        s=-
        c=IN IP4 192.0.2.101
        t=0 0
        m=audio 49172 RTP/AVP 0 8 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000

        """;

    public const string Register = """
        REGISTER sip:registrar.biloxi.example.com SIP/2.0
        Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7
        Max-Forwards: 70
        To: Bob <sip:bob@biloxi.example.com>
        From: Bob <sip:bob@biloxi.example.com>;tag=456248
        Call-ID: 843817637684230@998sdasdh09
        CSeq: 1826 REGISTER
        Contact: <sip:bob@192.0.2.4>;expires=7200
        User-Agent: Cluster-Test/1.0
        Content-Length: 0


        """;

    public const string Ok200 = """
        SIP/2.0 200 OK
        Via: SIP/2.0/UDP server10.biloxi.example.com;branch=z9hG4bK4b43c2ff8.1;received=192.0.2.3
        Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1
        To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf
        From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
        Call-ID: a84b4c76e66710@pc33.atlanta.example.com
        CSeq: 314159 INVITE
        Contact: <sip:bob@192.0.2.4>
        Content-Length: 0


        """;

    public const string Options = """
        OPTIONS sip:carol@chicago.example.com SIP/2.0
        Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877
        Max-Forwards: 70
        To: <sip:carol@chicago.example.com>
        From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
        Call-ID: a84b4c76e66710
        CSeq: 63104 OPTIONS
        Accept: application/sdp
        Content-Length: 0


        """;

    /// <summary>
    /// LF to CRLF; a "{CL}" placeholder becomes the body length. A trailing "\n\n" in a raw literal ends the
    /// headers; message bodies keep CRLF too, which matches how they travel.
    /// </summary>
    public static byte[] Bytes(string text)
    {
        string crlf = text.Replace("\r\n", "\n").Replace("\n", "\r\n");
        int split = crlf.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (crlf.Contains("{CL}", StringComparison.Ordinal) && split >= 0)
        {
            int bodyLength = Encoding.UTF8.GetByteCount(crlf[(split + 4)..]);
            crlf = crlf.Replace("{CL}", bodyLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return Encoding.UTF8.GetBytes(crlf);
    }

    /// <summary>Bytes without CRLF conversion (for tests about exact line ends).</summary>
    public static byte[] Raw(string text) => Encoding.UTF8.GetBytes(text);

    public static string Str(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    public static SipMessage ParseOk(byte[] bytes, SipFraming framing = SipFraming.Datagram)
    {
        var message = new SipMessage();
        var result = SipParser.Parse(bytes, SipParserLimits.Default, framing, message);
        Assert.Equal(SipParseStatus.Complete, result.Status);
        Assert.Equal(SipParseError.None, result.Error);
        return message;
    }

    public static SipVerdict Inspect(byte[] bytes, SipFraming framing = SipFraming.Datagram, IReadOnlySet<string>? supported = null) =>
        SipInspector.Inspect(bytes, framing, SipParserLimits.Default, supported, new SipMessage());
}
