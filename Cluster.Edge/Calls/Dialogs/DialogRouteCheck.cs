using System.Net;
using Cluster.Grains.Provisioning;

namespace Cluster.Edge.Calls.Dialogs;

/// <summary>
/// Whether an in-dialog request may be routed by the Route it carries. The Route is only as trustworthy as
/// its sender, so: both gateways must be provisioned, the vendor address must be the routing gateway's own,
/// and the request must come from the leg it claims to come from (the customer's address for the caller's
/// requests, the vendor's for the callee's). A stranger cannot end other people's calls or use the edge to
/// send requests to arbitrary hosts. Pure.
/// </summary>
public static class DialogRouteCheck
{
    public static bool Allows(DialogRoute route, IPAddress source, bool fromCaller, ProvisioningDocument provisioning)
    {
        if (!provisioning.MappingGateways.Any(g => g.Name == route.Mapping))
        {
            return false;
        }

        var vendor = provisioning.RoutingGateways.FirstOrDefault(g => g.Name == route.Routing);
        if (vendor is null || !IPEndPoint.TryParse(vendor.Address, out var address) || !address.Equals(route.Vendor))
        {
            return false;
        }

        var from = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
        return from.Equals(fromCaller ? route.Customer.Address : route.Vendor.Address);
    }
}
