using System.Net;
using System.Text;
using Cluster.Edge.Calls.Legs;
using Cluster.Edge.Sip;
using Cluster.Grains.Calls;
using Cluster.Grains.Cdr;
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
    private static readonly IPEndPoint Silo = IPEndPoint.Parse("10.0.0.9:40000");
    private const string Id = "0123456789abcdef01234567";

    private static VendorChoice Vendor => new("vendorA", "198.51.100.2:5080", "12025550100", "sip:12025550100@198.51.100.2:5080", 1, "udp", "10.0.0.1:5060");

    private static SipMessage Parse(string text)
    {
        var message = new SipMessage();
        Assert.Equal(SipParseStatus.Complete, SipParser.Parse(Encoding.ASCII.GetBytes(text), new SipParserLimits(), SipFraming.Datagram, message).Status);
        return message;
    }

    [Fact]
    public void The_customer_leg_is_the_INVITE_seen_from_our_side_with_our_tag()
    {
        var leg = DialogLegs.Customer(Parse(Invite.Replace("CSeq: 41", "Record-Route: <sip:p1;lr>, <sip:p2;lr>\r\nCSeq: 41", StringComparison.Ordinal)), Customer, Id);
        Assert.Equal("call-1@203.0.113.7", leg.CallId);
        Assert.Equal("<sip:12025550100@10.0.0.1>;tag=" + CallIds.CustomerSideTag(Id), leg.Local);
        Assert.Equal("\"Cust\" <sip:cust@203.0.113.7>;tag=caller-tag", leg.Remote);
        Assert.Equal("caller-tag", leg.RemoteTag);
        Assert.Equal("sip:cust@192.168.1.9:5060", leg.RemoteTarget);
        Assert.Equal(["<sip:p1;lr>", "<sip:p2;lr>"], leg.RouteSet);
        Assert.Equal(("203.0.113.7:5060", 41L), (leg.Address, leg.RemoteInviteCSeq));
    }

    [Fact]
    public void The_vendor_leg_is_our_dialog_with_its_tag_its_contact_and_its_record_route_reversed()
    {
        var answer = Answer.Replace("Call-ID: call-1@203.0.113.7", "Call-ID: " + CallIds.VendorCallId(Id, 1), StringComparison.Ordinal)
            .Replace("CSeq: 41", "Record-Route: <sip:v1;lr>\r\nRecord-Route: <sip:v2;lr>\r\nCSeq: 1", StringComparison.Ordinal);
        var leg = DialogLegs.Vendor(Parse(answer), Vendor, Id, "2000");
        Assert.Equal(CallIds.VendorCallId(Id, 1), leg.CallId);
        Assert.Equal("<sip:2000@10.0.0.1:5060>;tag=" + CallIds.VendorSideTag(Id), leg.Local);
        Assert.Equal(("<sip:12025550100@10.0.0.1>;tag=callee-tag", "callee-tag"), (leg.Remote, leg.RemoteTag));
        Assert.Equal("sip:vendor@198.51.100.2:5080;transport=udp", leg.RemoteTarget);
        Assert.Equal(["<sip:v2;lr>", "<sip:v1;lr>"], leg.RouteSet);
    }

    [Fact]
    public void A_hangup_BYE_goes_into_the_leg_as_the_grain_wrote_it_with_the_timer_cause()
    {
        var leg = new LegRequest("198.51.100.2:5080", "udp", "sip:vendor@198.51.100.2:5080", ["<sip:v2;lr>"], "<sip:2000@10.0.0.1:5060>;tag=b1", "<sip:1202@10.0.0.1>;tag=callee-tag", "vendor-call", 1002, true);
        var bye = Encoding.UTF8.GetString(HangupRequest.Bye(leg, Silo, "z9hG4bK-h1", CallHangup.ReasonOf(CallReleaser.MaximumDuration)));
        Assert.StartsWith("BYE sip:vendor@198.51.100.2:5080 SIP/2.0\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("\r\nRoute: <sip:v2;lr>\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("\r\nFrom: <sip:2000@10.0.0.1:5060>;tag=b1\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("\r\nTo: <sip:1202@10.0.0.1>;tag=callee-tag\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("\r\nCall-ID: vendor-call\r\nCSeq: 1002 BYE\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("\r\nVia: SIP/2.0/UDP 10.0.0.9:40000;branch=z9hG4bK-h1;rport\r\n", bye, StringComparison.Ordinal);
        Assert.Contains("cause=102", bye, StringComparison.Ordinal);
        Assert.Contains("cause=16", Encoding.UTF8.GetString(HangupRequest.Bye(leg, Silo, "z9hG4bK-h2", CallHangup.ReasonOf(CallReleaser.Operator))), StringComparison.Ordinal);
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
