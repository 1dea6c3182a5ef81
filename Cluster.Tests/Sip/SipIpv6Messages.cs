namespace Cluster.Tests.Sip;

/// <summary>Messages after RFC 5118 (IPv6 torture tests). LF line ends.</summary>
internal static class SipIpv6Messages
{
    // §4.1 ipv6-good
    public const string Good = """
        REGISTER sip:[2001:db8::10] SIP/2.0
        To: sip:user@example.com
        From: sip:user@example.com;tag=81x2
        Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111
        Call-ID: SSG9559905523997077@hlau_4100
        Max-Forwards: 70
        Contact: "Caller" <sip:caller@[2001:db8::1]>
        CSeq: 98176 REGISTER
        Content-Length: 0


        """;

    public static string WithRequestUri(string uri) => Good.Replace("REGISTER sip:[2001:db8::10] SIP/2.0", $"REGISTER {uri} SIP/2.0");

    public static string WithVia(string via) => Good.Replace("Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111", "Via: " + via);
}
