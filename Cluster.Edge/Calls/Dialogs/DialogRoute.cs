using System.Net;
using System.Text;
using Cluster.Edge.Sip;

namespace Cluster.Edge.Calls.Dialogs;

/// <summary>
/// What any edge needs to route an in-dialog request and end the call, carried in the parameters of our
/// Record-Route URI (so it comes back in every Route header): the mapping gateway (<c>cx</c>), the routing
/// gateway (<c>vx</c>), the customer's signalling address (<c>ca</c>), the vendor's (<c>va</c>) and the
/// caller's From tag in hex (<c>ft</c>), which tells the direction of a request. The edge that relays the 2xx
/// adds the answer time in ms (<c>at</c>) to the Record-Route the caller receives, so the caller's BYE gives
/// the talk time on any edge. Pure encode and decode.
/// </summary>
public sealed record DialogRoute(string Mapping, string Routing, IPEndPoint Customer, IPEndPoint Vendor, string CallerTagHex, long? AnsweredAtMs = null)
{
    /// <summary>The Record-Route header line for an edge at <paramref name="edge"/>.</summary>
    public string RecordRouteLine(IPEndPoint edge) =>
        $"Record-Route: <sip:{Format(edge)};lr;cx={Mapping};vx={Routing};ca={Format(Customer)};va={Format(Vendor)};ft={CallerTagHex}>\r\n";

    public static string TagHex(ReadOnlySpan<byte> tag) => Convert.ToHexString(tag);

    /// <summary>True when <paramref name="fromTag"/> is the caller's, i.e. the request goes customer → vendor.</summary>
    public bool IsFromCaller(ReadOnlySpan<byte> fromTag) =>
        string.Equals(TagHex(fromTag), CallerTagHex, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads our parameters from a Route (or Record-Route) value; false when the value is not ours.</summary>
    public static bool TryParse(ReadOnlySpan<byte> routeValue, out DialogRoute? route)
    {
        route = null;
        if (!NameAddr.TryParse(routeValue, out var addr) || !SipUri.TryParse(addr.Uri, out var uri))
        {
            return false;
        }

        if (!uri.TryGetParameter("cx"u8, out var cx) || !uri.TryGetParameter("vx"u8, out var vx)
            || !uri.TryGetParameter("ca"u8, out var ca) || !uri.TryGetParameter("va"u8, out var va)
            || !uri.TryGetParameter("ft"u8, out var ft))
        {
            return false;
        }

        if (cx.IsEmpty || vx.IsEmpty
            || !IPEndPoint.TryParse(Encoding.ASCII.GetString(ca), out var customer)
            || !IPEndPoint.TryParse(Encoding.ASCII.GetString(va), out var vendor))
        {
            return false;
        }

        long? answeredAt = uri.TryGetParameter("at"u8, out var at) && long.TryParse(Encoding.ASCII.GetString(at), out var ms) ? ms : null;
        route = new DialogRoute(Encoding.ASCII.GetString(cx), Encoding.ASCII.GetString(vx), customer, vendor, Encoding.ASCII.GetString(ft), answeredAt);
        return true;
    }

    public static string Format(IPEndPoint endPoint) =>
        endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]:{endPoint.Port}" : $"{endPoint.Address}:{endPoint.Port}";
}
