using System.Net;
using Cluster.Edge.Calls.Callers;
using Cluster.Grains.Provisioning;

namespace Cluster.Tests.Calls;

public sealed class CallerIdentificationTests
{
    private static readonly MappingGateway[] s_gateways =
    [
        new() { Name = "by-ip", Auth = GatewayAuthMode.Ip, Ip = "192.0.2.10" },
        new() { Name = "by-port", Auth = GatewayAuthMode.IpPort, Ip = "192.0.2.10", Port = 5080 },
        new() { Name = "by-password", Auth = GatewayAuthMode.Password, Ip = "192.0.2.20", User = "cust", Password = "pw" },
    ];

    [Fact]
    public void Address_and_port_match_the_ip_port_gateway_before_the_ip_gateway() =>
        Assert.Equal("by-port", CallerIdentification.ByAddress(s_gateways, IPEndPoint.Parse("192.0.2.10:5080"))?.Name);

    [Fact]
    public void Another_port_of_the_address_matches_the_ip_gateway() =>
        Assert.Equal("by-ip", CallerIdentification.ByAddress(s_gateways, IPEndPoint.Parse("192.0.2.10:5060"))?.Name);

    [Fact]
    public void A_password_gateway_is_never_identified_by_its_address() =>
        Assert.Null(CallerIdentification.ByAddress(s_gateways, IPEndPoint.Parse("192.0.2.20:5060")));

    [Fact]
    public void An_ipv4_mapped_source_matches_its_ipv4_gateway() =>
        Assert.Equal("by-ip", CallerIdentification.ByAddress(s_gateways, new IPEndPoint(IPAddress.Parse("192.0.2.10").MapToIPv6(), 5000))?.Name);

    [Fact]
    public void Password_gateways_are_found_by_digest_user_only()
    {
        Assert.Equal("by-password", CallerIdentification.ByDigestUser(s_gateways, "cust")?.Name);
        Assert.Null(CallerIdentification.ByDigestUser(s_gateways, "by-ip"));
    }
}
