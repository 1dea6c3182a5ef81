using System.Net;
using Cluster.Edge.Calls.Dialogs;
using Cluster.Grains.Provisioning;

namespace Cluster.Tests.Calls;

public sealed class DialogRouteCheckTests
{
    private static readonly ProvisioningDocument s_provisioning = new()
    {
        MappingGateways = [new MappingGateway { Name = "cust-ip", Auth = GatewayAuthMode.Ip, Ip = "192.0.2.21" }],
        RoutingGateways = [new RoutingGateway { Name = "vendorA", Address = "198.51.100.7:5070", Prefixes = ["1"] }],
    };

    private static readonly DialogRoute s_route = new("cust-ip", "vendorA", IPEndPoint.Parse("192.0.2.21:5060"), IPEndPoint.Parse("198.51.100.7:5070"), "AB");

    [Fact]
    public void Each_leg_may_send_its_own_requests() =>
        Assert.True(DialogRouteCheck.Allows(s_route, IPAddress.Parse("192.0.2.21"), fromCaller: true, s_provisioning)
            && DialogRouteCheck.Allows(s_route, IPAddress.Parse("198.51.100.7"), fromCaller: false, s_provisioning));

    [Fact]
    public void A_stranger_or_the_wrong_leg_may_not() =>
        Assert.False(DialogRouteCheck.Allows(s_route, IPAddress.Parse("203.0.113.9"), fromCaller: true, s_provisioning)
            || DialogRouteCheck.Allows(s_route, IPAddress.Parse("192.0.2.21"), fromCaller: false, s_provisioning));

    [Fact]
    public void A_route_naming_an_address_that_is_not_the_vendor_s_own_is_refused() =>
        Assert.False(DialogRouteCheck.Allows(s_route with { Vendor = IPEndPoint.Parse("203.0.113.9:5060") }, IPAddress.Parse("192.0.2.21"), fromCaller: true, s_provisioning));

    [Fact]
    public void A_route_naming_unknown_gateways_is_refused() =>
        Assert.False(DialogRouteCheck.Allows(s_route with { Mapping = "nobody" }, IPAddress.Parse("192.0.2.21"), fromCaller: true, s_provisioning));
}
