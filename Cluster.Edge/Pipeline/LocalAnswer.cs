using Cluster.Edge.Sip;

namespace Cluster.Edge.Pipeline;

/// <summary>
/// What the edge answers by itself, before the registrar and call path exist: OPTIONS is a keepalive
/// or a capability query and gets 200; a CANCEL can match nothing (no INVITE is ever proceeding) and
/// gets 481; everything else is refused with 403. Pure: method in, answer out.
/// </summary>
public static class LocalAnswer
{
    /// <summary>
    /// Methods this edge understands (Allow) and the body it takes (Accept). No Supported header: the edge
    /// supports no extension, and an empty header line reads as a fault in every operator's trace.
    /// </summary>
    public static ReadOnlySpan<byte> CapabilityHeaders =>
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER\r\nAccept: application/sdp\r\n"u8;

    public static (int StatusCode, string Reason, bool WithCapabilities) For(SipMethod method) => method switch
    {
        SipMethod.Options => (200, "OK", true),
        SipMethod.Cancel => (481, "Call/Transaction Does Not Exist", false),
        _ => (403, "Forbidden", false),
    };
}
