using System.Text;
using BenchmarkDotNet.Attributes;
using Cluster.Edge.Sip;

namespace Cluster.Bench;

/// <summary>Hot-path cost of framing + indexing a message, and of re-serialising it for forwarding.</summary>
[MemoryDiagnoser]
public class SipParserBenchmarks
{
    private const string InviteText =
        "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@biloxi.example.com>\r\n" +
        "From: \"Alice A.\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@pc33.atlanta.example.com;transport=udp>\r\n" +
        "User-Agent: Cluster-Test/1.0\r\n" +
        "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, UPDATE\r\n" +
        "Supported: replaces, timer\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 190\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\n" +
        "s=-\r\n" +
        "c=IN IP4 192.0.2.101\r\n" +
        "t=0 0\r\n" +
        "m=audio 49172 RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n";

    private const string RegisterText =
        "REGISTER sip:registrar.biloxi.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@biloxi.example.com>\r\n" +
        "From: Bob <sip:bob@biloxi.example.com>;tag=456248\r\n" +
        "Call-ID: 843817637684230@998sdasdh09\r\n" +
        "CSeq: 1826 REGISTER\r\n" +
        "Contact: <sip:bob@192.0.2.4>;expires=7200\r\n" +
        "User-Agent: Cluster-Test/1.0\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    private readonly SipMessage _message = new();
    private readonly SipMessageWriter _writer = new();
    private readonly byte[] _output = new byte[2048];
    private ReadOnlyMemory<byte> _invite;
    private ReadOnlyMemory<byte> _register;

    [GlobalSetup]
    public void Setup()
    {
        _invite = Encoding.ASCII.GetBytes(InviteText);
        _register = Encoding.ASCII.GetBytes(RegisterText);
        if (SipParser.Parse(_invite, SipParserLimits.Default, SipFraming.Datagram, _message).Status != SipParseStatus.Complete
            || _message.Body.Length != 190)
        {
            throw new InvalidOperationException("benchmark INVITE does not parse");
        }
    }

    [Benchmark(Baseline = true)]
    public int ParseInvite() => SipParser.Parse(_invite, SipParserLimits.Default, SipFraming.Datagram, _message).Consumed;

    [Benchmark]
    public int ParseRegister() => SipParser.Parse(_register, SipParserLimits.Default, SipFraming.Datagram, _message).Consumed;

    [Benchmark]
    public int ParseAndSerializeInvite()
    {
        SipParser.Parse(_invite, SipParserLimits.Default, SipFraming.Datagram, _message);
        _writer.Begin(_message);
        return _writer.Write(_output);
    }

    [Benchmark]
    public int InspectInvite() =>
        (int)SipInspector.Inspect(_invite, SipFraming.Datagram, SipParserLimits.Default, null, _message).Action;
}
