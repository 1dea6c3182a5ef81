using System.Net;
using System.Text;
using Cluster.Edge.Calls.Dialogs;
using Cluster.Edge.Sip;
using Cluster.Grains;
using Cluster.Silo.Hangup;

namespace Cluster.Tests.Silo;

public sealed class HangupRequestTests
{
    private const string Invite =
        "INVITE sip:12025550100@10.0.0.1:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 203.0.113.7:5060;branch=z9hG4bK-1\r\n" +
        "From: \"Cust\" <sip:cust@203.0.113.7>;tag=caller-tag\r\n" +
        "To: <sip:12025550100@10.0.0.1>\r\n" +
        "Call-ID: call-1@203.0.113.7\r\n" +
        "CSeq: 41 INVITE\r\n" +
        "Contact: <sip:cust@192.168.1.9:5060>;expires=60\r\n" +
        "Content-Length: 0\r\n\r\n";

    private const string Answer =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 203.0.113.7:5060;branch=z9hG4bK-1\r\n" +
        "From: \"Cust\" <sip:cust@203.0.113.7>;tag=caller-tag\r\n" +
        "To: <sip:12025550100@10.0.0.1>;tag=callee-tag\r\n" +
        "Call-ID: call-1@203.0.113.7\r\n" +
        "CSeq: 41 INVITE\r\n" +
        "Contact: <sip:vendor@198.51.100.2:5080;transport=udp>\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static readonly IPEndPoint Customer = IPEndPoint.Parse("203.0.113.7:5060");
    private static readonly IPEndPoint Vendor = IPEndPoint.Parse("198.51.100.2:5080");
    private static readonly IPEndPoint Silo = IPEndPoint.Parse("10.0.0.9:40000");

    private static AnsweredCall Recorded()
    {
        var invite = new SipMessage();
        Assert.Equal(SipParseStatus.Complete, SipParser.Parse(Encoding.ASCII.GetBytes(Invite), new SipParserLimits(), SipFraming.Datagram, invite).Status);
        return AnsweredCallRecord.Of(invite, Encoding.ASCII.GetBytes(Answer), "cust-ip", "vendorA", Customer, Vendor, 1_000)!;
    }

    [Fact]
    public void The_record_keeps_both_dialog_halves_and_survives_encoding()
    {
        var call = Recorded();
        Assert.Equal("\"Cust\" <sip:cust@203.0.113.7>;tag=caller-tag", call.CallerFrom);
        Assert.Equal("<sip:12025550100@10.0.0.1>;tag=callee-tag", call.CalleeTo);
        Assert.Equal("sip:cust@192.168.1.9:5060", call.CustomerContact);
        Assert.Equal("sip:vendor@198.51.100.2:5080;transport=udp", call.VendorContact);
        Assert.Equal(41, call.CallerCSeq);
        Assert.Equal(call, AnsweredCall.Decode(call.Encode()));
    }

    [Fact]
    public void An_answer_without_a_to_tag_is_not_recorded_and_damaged_records_are_skipped()
    {
        var invite = new SipMessage();
        SipParser.Parse(Encoding.ASCII.GetBytes(Invite), new SipParserLimits(), SipFraming.Datagram, invite);
        var untagged = Answer.Replace(";tag=callee-tag", string.Empty, StringComparison.Ordinal);
        Assert.Null(AnsweredCallRecord.Of(invite, Encoding.ASCII.GetBytes(untagged), "c", "v", Customer, Vendor, 0));
        Assert.Null(AnsweredCall.Decode("c1\nonly\nthree"));
        Assert.Null(AnsweredCall.Decode(Recorded().Encode().Replace("c1\n", "c0\n", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_vendor_gets_a_bye_from_the_caller_above_its_cseqs_at_its_contact()
    {
        var bye = Encoding.UTF8.GetString(HangupRequest.Bye(Recorded(), HangupSide.Vendor, Silo, "z9hG4bK-h1"));
        Assert.StartsWith("BYE sip:vendor@198.51.100.2:5080;transport=udp SIP/2.0\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("\r\nFrom: \"Cust\" <sip:cust@203.0.113.7>;tag=caller-tag\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("\r\nTo: <sip:12025550100@10.0.0.1>;tag=callee-tag\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("\r\nCSeq: 1041 BYE\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("\r\nVia: SIP/2.0/UDP 10.0.0.9:40000;branch=z9hG4bK-h1;rport\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("cause=102", bye, StringComparison.Ordinal);
        AssertParses(bye);
    }

    [Fact]
    public void The_customer_gets_a_bye_from_the_callee_at_its_contact()
    {
        var bye = Encoding.UTF8.GetString(HangupRequest.Bye(Recorded(), HangupSide.Customer, Silo, "z9hG4bK-h2"));
        Assert.StartsWith("BYE sip:cust@192.168.1.9:5060 SIP/2.0\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("\r\nFrom: <sip:12025550100@10.0.0.1>;tag=callee-tag\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("\r\nTo: \"Cust\" <sip:cust@203.0.113.7>;tag=caller-tag\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("\r\nCSeq: 2147483647 BYE\r\n", bye, StringComparison.Ordinal);
        AssertParses(bye);
    }

    [Theory]
    [InlineData("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.9:40000;branch=z9hG4bK-h1;rport=40000\r\nCSeq: 1 BYE\r\n\r\n", "z9hG4bK-h1", 200)]
    [InlineData("SIP/2.0 481 Call/Transaction Does Not Exist\r\nv: SIP/2.0/UDP 10.0.0.9:40000;branch=z9hG4bK-h2\r\n\r\n", "z9hG4bK-h2", 481)]
    public void A_final_answer_is_matched_by_its_branch(string response, string branch, int status) =>
        Assert.Equal((branch, status), HangupRequest.FinalAnswer(Encoding.ASCII.GetBytes(response)));

    [Theory]
    [InlineData("SIP/2.0 100 Trying\r\nVia: SIP/2.0/UDP 10.0.0.9:40000;branch=z9hG4bK-h1\r\n\r\n")]
    [InlineData("BYE sip:x SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:40000;branch=z9hG4bK-h1\r\n\r\n")]
    [InlineData("SIP/2.0 200 OK\r\nCSeq: 1 BYE\r\n\r\n")]
    [InlineData("garbage")]
    public void Provisional_answers_requests_and_garbage_match_nothing(string datagram) =>
        Assert.Null(HangupRequest.FinalAnswer(Encoding.ASCII.GetBytes(datagram)));

    private static void AssertParses(string request)
    {
        var message = new SipMessage();
        Assert.Equal(SipParseStatus.Complete, SipParser.Parse(Encoding.UTF8.GetBytes(request), new SipParserLimits(), SipFraming.Datagram, message).Status);
        Assert.Equal(SipMethod.Bye, message.Method);
    }
}
