using System.Net;
using System.Text;
using Cluster.Edge.Sip;

namespace Cluster.Edge.Calls.Dialogs;

/// <summary>
/// What any edge needs to route an in-dialog request and end the call, carried in the parameters of our
/// Record-Route URI (so it comes back in every Route header): the mapping gateway (<c>cx</c>), the routing
/// gateway (<c>vx</c>), the customer's signalling address (<c>ca</c>), the vendor's (<c>va</c>) and the
/// caller's From tag in hex (<c>ft</c>), which tells the direction of a request. Pure encode and decode.
/// </summary>
public sealed record DialogRoute(string Mapping, string Routing, IPEndPoint Customer, IPEndPoint Vendor, string CallerTagHex)
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

        route = new DialogRoute(Encoding.ASCII.GetString(cx), Encoding.ASCII.GetString(vx), customer, vendor, Encoding.ASCII.GetString(ft));
        return true;
    }

    public static string Format(IPEndPoint endPoint) =>
        endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]:{endPoint.Port}" : $"{endPoint.Address}:{endPoint.Port}";
}
