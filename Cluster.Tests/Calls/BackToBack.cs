using System.Net;

namespace Cluster.Tests.Calls;

/// <summary>Raw SIP of the B2BUA tests: a customer's INVITE with SDP, its in-dialog requests, a vendor's in-dialog requests.</summary>
internal static class BackToBack
{
    public const string Sdp =
        "v=0\r\no=cust 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" +
        "m=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";

    public const string AnswerSdp =
        "v=0\r\no=vend 1 1 IN IP4 198.51.100.20\r\ns=-\r\nc=IN IP4 198.51.100.20\r\nt=0 0\r\n" +
        "m=audio 50000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

    public static string FromTag(string callId) => $"c{callId.GetHashCode():x}";

    public static string Invite(string number, UdpSipParty from, IPEndPoint edge, string callId, string extra = "", string body = Sdp, string? branch = null)
    {
        var local = from.LocalEndPoint;
        return $"INVITE sip:{number}@{edge.Address}:{edge.Port} SIP/2.0\r\n" +
               $"Via: SIP/2.0/UDP {local.Address}:{local.Port};branch={branch ?? "z9hG4bK" + Guid.NewGuid().ToString("N")[..16]};rport\r\n" +
               "Max-Forwards: 70\r\n" +
               $"From: <sip:cust@{local.Address}>;tag={FromTag(callId)}\r\n" +
               $"To: <sip:{number}@{edge.Address}>\r\n" +
               $"Call-ID: {callId}\r\n" +
               "CSeq: 1 INVITE\r\n" +
               $"Contact: <sip:cust@{local.Address}:{local.Port}>\r\n" +
               extra +
               "Content-Type: application/sdp\r\n" +
               $"Content-Length: {body.Length}\r\n\r\n" + body;
    }

    public static string InDialog(string method, int cseq, string target, string to, UdpSipParty from, string callId)
    {
        var local = from.LocalEndPoint;
        return $"{method} {target} SIP/2.0\r\n" +
               $"Via: SIP/2.0/UDP {local.Address}:{local.Port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
               "Max-Forwards: 70\r\n" +
               $"From: <sip:cust@{local.Address}>;tag={FromTag(callId)}\r\n" +
               $"To: {to}\r\n" +
               $"Call-ID: {callId}\r\n" +
               $"CSeq: {(method == "ACK" ? 1 : cseq)} {method}\r\n" +
               $"Contact: <sip:cust@{local.Address}:{local.Port}>\r\n" +
               "Content-Length: 0\r\n\r\n";
    }

    public static string VendorRequest(string method, int cseq, string target, (string From, string To, string CallId) dialog, int vendorPort, string body) =>
        $"{method} {target} SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:{vendorPort};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: {dialog.From}\r\nTo: {dialog.To}\r\nCall-ID: {dialog.CallId}\r\n" +
        $"CSeq: {cseq} {method}\r\n" +
        $"Contact: <sip:uk@127.0.0.1:{vendorPort}>\r\n" +
        (body.Length > 0 ? "Content-Type: application/sdp\r\n" : string.Empty) +
        $"Content-Length: {body.Length}\r\n\r\n" + body;
}
