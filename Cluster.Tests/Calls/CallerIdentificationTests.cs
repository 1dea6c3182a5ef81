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
        new() { Name = "by-registration", Auth = GatewayAuthMode.Registration, Ip = "192.0.2.30", Account = "2000" },
    ];

    private static readonly ProvisioningDocument s_provisioning = new()
    {
        Accounts = [new Account("2000", "account-pw")],
        MappingGateways = s_gateways,
    };

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

    [Fact]
    public void A_registration_gateway_is_never_identified_by_an_address_of_its_own() =>
        Assert.Null(CallerIdentification.ByAddress(s_gateways, IPEndPoint.Parse("192.0.2.30:5060")));

    [Fact]
    public void A_registration_gateway_is_the_candidate_when_From_names_its_account()
    {
        Assert.Equal("by-registration", CallerIdentification.ByAccount(s_gateways, "2000")?.Name);
        Assert.Null(CallerIdentification.ByAccount(s_gateways, "2001"));
        Assert.Null(CallerIdentification.ByAccount(s_gateways, "cust"));
        Assert.Null(CallerIdentification.ByAccount(s_gateways, ""));
    }

    [Theory]
    [InlineData("<sip:2000@192.0.2.30:5060>;tag=a1", "2000")]
    [InlineData("\"Front desk\" <sips:2000@pbx.example.com>;tag=a1", "2000")]
    [InlineData("sip:2000@192.0.2.30;tag=a1", "2000")]
    [InlineData("<sip:192.0.2.30>;tag=a1", "")]
    [InlineData("<tel:+442079460000>;tag=a1", "")]
    [InlineData("garbage", "")]
    public void The_claimed_user_is_the_From_URI_user(string from, string user) =>
        Assert.Equal(user, CallerIdentification.ClaimedUser(System.Text.Encoding.ASCII.GetBytes(from)));

    [Fact]
    public void A_digest_user_names_a_password_gateway_by_user_or_a_registration_gateway_by_account()
    {
        Assert.Equal("by-registration", CallerIdentification.ByDigestUser(s_gateways, "2000")?.Name);
        Assert.Equal("by-password", CallerIdentification.ByDigestUser(s_gateways, "cust")?.Name);
    }

    [Fact]
    public void The_digest_password_of_a_registration_gateway_is_its_accounts()
    {
        Assert.Equal("account-pw", CallerIdentification.DigestPassword(s_provisioning, s_gateways[3], "2000"));
        Assert.Equal("pw", CallerIdentification.DigestPassword(s_provisioning, s_gateways[2], "cust"));
        Assert.Null(CallerIdentification.DigestPassword(s_provisioning, s_gateways[0], "by-ip"));
        Assert.Null(CallerIdentification.DigestPassword(s_provisioning, null, "stranger"));
        Assert.Null(CallerIdentification.DigestPassword(s_provisioning, null, ""));
    }

    [Fact]
    public void An_account_that_is_no_gateway_s_caller_is_checked_with_its_own_password()
    {
        // A registered phone answering 407 with its own credentials: checked right, so it is never taken for a guesser.
        var provisioning = new ProvisioningDocument { Accounts = [new Account("1500", "phone-pw")], MappingGateways = s_gateways };

        Assert.Null(CallerIdentification.ByDigestUser(s_gateways, "1500"));
        Assert.Equal("phone-pw", CallerIdentification.DigestPassword(provisioning, null, "1500"));
    }

    [Fact]
    public void Strangers_are_worth_a_challenge_when_a_password_or_registration_gateway_exists()
    {
        Assert.True(CallerIdentification.AnyDigestGateway(s_gateways));
        Assert.True(CallerIdentification.AnyDigestGateway([s_gateways[3]]));
        Assert.False(CallerIdentification.AnyDigestGateway(s_gateways[..2]));
    }
}
