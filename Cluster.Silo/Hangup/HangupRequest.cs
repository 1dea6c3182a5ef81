using System.Globalization;
using System.Net;
using System.Text;
using Cluster.Grains;

namespace Cluster.Silo.Hangup;

/// <summary>
/// The BYEs that end an answered call at its maximum duration, as pure text: one to the vendor on the
/// caller's behalf (caller's From, callee's To) and one to the customer on the callee's behalf (the two
/// swapped), each to the side's Contact via its signalling address; and the branch of a final answer, to
/// match it. No edge is needed: the call's dialog record holds every field.
/// </summary>
internal static class HangupRequest
{
    /// <summary>Q.850 cause 102, "recovery on timer expiry": the call was ended by our timer, not by a party.</summary>
    private const string Reason = "Reason: Q.850;cause=102;text=\"maximum call duration\"\r\n";

    public static byte[] Bye(AnsweredCall call, HangupSide side, IPEndPoint local, string branch)
    {
        var toVendor = side == HangupSide.Vendor;

        // The vendor has seen the caller's CSeqs: ours must be higher than any re-INVITE since. The customer has
        // seen the callee's, which we never learn, so the largest CSeq RFC 3261 allows (below 2^31) is used.
        var cseq = toVendor ? Math.Min(call.CallerCSeq + 1000, int.MaxValue) : int.MaxValue;
        return Encoding.UTF8.GetBytes(
            $"BYE {(toVendor ? call.VendorContact : call.CustomerContact)} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {SiloSignalling.Format(local)};branch={branch};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: {(toVendor ? call.CallerFrom : call.CalleeTo)}\r\n" +
            $"To: {(toVendor ? call.CalleeTo : call.CallerFrom)}\r\n" +
            $"Call-ID: {call.CallId}\r\n" +
            $"CSeq: {cseq.ToString(CultureInfo.InvariantCulture)} BYE\r\n" +
            Reason +
            "User-Agent: cluster-silo\r\n" +
            "Content-Length: 0\r\n\r\n");
    }

    public static string NewBranch() => "z9hG4bK-hangup-" + Guid.NewGuid().ToString("N");

    /// <summary>The branch of the top Via of a final response (status ≥ 200), with its status; null for anything else.</summary>
    public static (string Branch, int Status)? FinalAnswer(ReadOnlySpan<byte> datagram)
    {
        var text = Encoding.UTF8.GetString(datagram);
        if (SiloSignalling.FinalStatus(text) is not { } status || SiloSignalling.HeaderValue(text, "Via", "v") is not { } via)
        {
            return null;
        }

        var at = via.IndexOf("branch=", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var value = via[(at + "branch=".Length)..];
        var end = value.IndexOfAny([';', ',', ' ', '\t']);
        return (end < 0 ? value : value[..end], status);
    }

    /// <summary>An endpoint as text; the address came from our own record, so it is already valid.</summary>
    public static IPEndPoint? EndPointOf(string text) => IPEndPoint.TryParse(text, out var endPoint) ? endPoint : null;
}
