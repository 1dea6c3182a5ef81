using System.Net;
using Cluster.Edge.Calls.Vendors;
using Cluster.Edge.Configuration;
using Cluster.Edge.Transport;
using Cluster.Grains.Provisioning;
using Address = Cluster.Grains.Provisioning.VendorAddress;

namespace Cluster.Tests.VendorAddress;

/// <summary>The pure parts: the address grammar, the lookup each address takes, SRV order, cache lifetimes, settings.</summary>
public sealed class VendorAddressParsingTests
{
    [Theory]
    [InlineData("192.0.2.10:5070", "192.0.2.10", "5070", true, "192.0.2.10:5070")]
    [InlineData("192.0.2.10", "192.0.2.10", null, true, "192.0.2.10:5060")]
    [InlineData("[2001:db8::1]:5080", "2001:db8::1", "5080", true, "[2001:db8::1]:5080")]
    [InlineData("[2001:db8::1]", "2001:db8::1", null, true, "[2001:db8::1]:5060")]
    [InlineData("2001:db8::1", "2001:db8::1", null, true, "[2001:db8::1]:5060")]
    [InlineData("sip.vendor.example", "sip.vendor.example", null, false, "sip.vendor.example")]
    [InlineData("sip.vendor.example:5080", "sip.vendor.example", "5080", false, "sip.vendor.example:5080")]
    [InlineData("SIP.Vendor.Example.", "SIP.Vendor.Example", null, false, "SIP.Vendor.Example")]
    [InlineData("a-1.b2.example:65535", "a-1.b2.example", "65535", false, "a-1.b2.example:65535")]
    public void Addresses_the_operator_writes_are_understood(string text, string host, string? port, bool literal, string kept)
    {
        Assert.True(Address.TryParse(text, out var address));
        Assert.Equal((host, port is null ? null : int.Parse(port), literal), (address.Host, address.Port, !address.IsName));
        Assert.Equal(kept, address.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("nowhere")] // one label: each resolver's search list would complete it differently
    [InlineData("nowhere:5060")]
    [InlineData("192.0.2.300")] // a mistyped address, not a name
    [InlineData("10.1:5060")] // IPAddress.Parse would take it as 10.0.0.1
    [InlineData("192.0.2.10:0")]
    [InlineData("192.0.2.10:65536")]
    [InlineData("192.0.2.10:")]
    [InlineData("192.0.2.10:50a")]
    [InlineData("192.0.2.10:+50")]
    [InlineData("0.0.0.0:5060")]
    [InlineData("[::]:5060")]
    [InlineData("[2001:db8::1]5060")]
    [InlineData("[192.0.2.10]:5060")]
    [InlineData("2001:db8::1:5060x")]
    [InlineData("-sip.vendor.example")]
    [InlineData("sip..vendor.example")]
    [InlineData("sip_vendor.example")]
    [InlineData("sip.vendor.example:")]
    [InlineData("sip.vendor.example:5060:1")]
    [InlineData("sip://sip.vendor.example")]
    [InlineData("sip.vendor.example/x")]
    public void Anything_else_is_refused(string text) => Assert.False(Address.TryParse(text, out _));

    [Fact]
    public void A_label_of_64_characters_is_refused_and_one_of_63_is_taken()
    {
        Assert.True(Address.TryParse(new string('a', 63) + ".example", out _));
        Assert.False(Address.TryParse(new string('a', 64) + ".example", out _));
    }

    [Theory]
    [InlineData("192.0.2.10:5070", SipTransportKind.Udp, "192.0.2.10:5070", null, 5070)]
    [InlineData("Sip.Vendor.Example", SipTransportKind.Udp, null, "_sip._udp.sip.vendor.example", 5060)]
    [InlineData("sip.vendor.example", SipTransportKind.Tcp, null, "_sip._tcp.sip.vendor.example", 5060)]
    [InlineData("sip.vendor.example:5080", SipTransportKind.Udp, null, null, 5080)]
    public void Each_address_takes_the_lookup_of_RFC_3263(string text, SipTransportKind transport, string? literal, string? srv, int port)
    {
        Assert.True(Address.TryParse(text, out var address));
        var plan = VendorLookupPlan.For(address, transport);
        Assert.Equal((literal, srv, port), (plan.Literal?.ToString(), plan.SrvName, plan.Port));
    }

    [Fact]
    public void The_cache_tells_transports_ports_and_cases_apart_and_nothing_else()
    {
        string Key(string text, SipTransportKind transport) =>
            Address.TryParse(text, out var a) ? VendorLookupPlan.For(a, transport).Key : throw new InvalidOperationException(text);

        Assert.Equal(Key("sip.vendor.example", SipTransportKind.Udp), Key("SIP.vendor.example.", SipTransportKind.Udp));
        Assert.NotEqual(Key("sip.vendor.example", SipTransportKind.Udp), Key("sip.vendor.example", SipTransportKind.Tcp));
        Assert.NotEqual(Key("sip.vendor.example", SipTransportKind.Udp), Key("sip.vendor.example:5060", SipTransportKind.Udp));
    }

    [Fact]
    public void Srv_targets_go_by_priority_then_weight_then_name_and_the_dot_target_is_dropped()
    {
        var ordered = VendorSrvOrder.Order(
        [
            new VendorSrvTarget("c.example", 5090, 20, 100),
            new VendorSrvTarget("b.example", 5070, 10, 10),
            new VendorSrvTarget(".", 5000, 0, 0),
            new VendorSrvTarget("a.example", 5080, 10, 60),
            new VendorSrvTarget("d.example", 5071, 10, 10),
            new VendorSrvTarget("b.example", 5069, 10, 10),
        ]);

        Assert.Equal(
            ["a.example:5080", "b.example:5069", "b.example:5070", "d.example:5071", "c.example:5090"],
            ordered.Select(t => $"{t.Host}:{t.Port}"));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(4, 5)]
    [InlineData(60, 60)]
    [InlineData(300, 300)]
    [InlineData(86_400, 300)]
    [InlineData(4_294_967_295L, 300)]
    public void Answers_are_kept_for_their_ttl_within_5_and_300_seconds(long ttl, int keptSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(keptSeconds), new VendorResolverOptions().CacheFor(ttl));

    [Fact]
    public void Options_refuse_a_timeout_no_lookup_can_run_with()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VendorResolverOptions { Timeout = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new VendorResolverOptions { Timeout = TimeSpan.FromMinutes(2) });
        Assert.Throws<ArgumentException>(() => new VendorResolverOptions { MinimumTtl = TimeSpan.FromMinutes(10) }.Validate());
    }

    [Fact]
    public void Edge_settings_name_the_dns_servers_and_timeout()
    {
        var settings = EdgeConfigLoader.Parse("edge:\n  dns_servers: [\"127.0.0.1:5353\", 127.0.0.2, \"[::1]:5300\", \"::1\"]\n  dns_timeout_ms: 750\n", "edge.yaml");

        Assert.Equal(
            [new IPEndPoint(IPAddress.Loopback, 5353), new IPEndPoint(IPAddress.Parse("127.0.0.2"), 53), new IPEndPoint(IPAddress.IPv6Loopback, 5300), new IPEndPoint(IPAddress.IPv6Loopback, 53)],
            settings.DnsServers);
        var options = VendorResolverOptions.From(settings);
        Assert.Equal((TimeSpan.FromMilliseconds(750), 4), (options.Timeout, options.DnsServers.Count));
    }

    [Fact]
    public void Without_dns_settings_the_system_servers_and_2_seconds_are_used()
    {
        var options = VendorResolverOptions.From(EdgeConfigLoader.Parse("edge:\n  max_headers: 64\n", "edge.yaml"));
        Assert.Equal((TimeSpan.FromSeconds(2), 0), (options.Timeout, options.DnsServers.Count));
    }

    [Theory]
    [InlineData("edge:\n  dns_servers: [\"dns.example:53\"]\n", "edge.yaml:2: edge.dns_servers[0]: expected IP or IP:PORT of a name server")]
    [InlineData("edge:\n  dns_servers: [\"127.0.0.1:0\"]\n", "edge.yaml:2: edge.dns_servers[0]: expected IP or IP:PORT")]
    [InlineData("edge:\n  dns_servers: [\"0.0.0.0\"]\n", "edge.yaml:2: edge.dns_servers[0]: expected IP or IP:PORT")]
    [InlineData("edge:\n  dns_servers: \"127.0.0.1\"\n", "edge.yaml:2: edge.dns_servers: expected a list such as [\"127.0.0.1:53\"], got '127.0.0.1'")]
    [InlineData("edge:\n  dns_timeout_ms: 0\n", "edge.yaml:2: edge.dns_timeout_ms: 0 is out of range [1, 60000]")]
    [InlineData("edge:\n  dns_timeout_ms: 2s\n", "edge.yaml:2: edge.dns_timeout_ms: expected an integer, got '2s'")]
    public void A_bad_dns_setting_stops_the_edge_naming_the_key(string yaml, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => EdgeConfigLoader.Parse(yaml, "edge.yaml"));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void Provisioning_takes_names_and_a_transport_and_keeps_ip_literals_with_their_port()
    {
        var doc = ProvisioningLoader.Parse("""
            routing_gateways:
              - { name: srv, address: sip.vendor.example, transport: tcp }
              - { name: named, address: "sip.vendor.example:5080" }
              - { name: bare, address: 192.0.2.10 }
              - { name: v6, address: "[2001:db8::1]:5070", transport: udp }
            """);
        var back = ProvisioningWriter.FromJson(System.Text.Json.JsonSerializer.Serialize(doc, ProvisioningWriter.Json))!;

        foreach (var d in new[] { doc, back })
        {
            Assert.Equal(
                [("sip.vendor.example", VendorTransport.Tcp), ("sip.vendor.example:5080", VendorTransport.Udp), ("192.0.2.10:5060", VendorTransport.Udp), ("[2001:db8::1]:5070", VendorTransport.Udp)],
                d.RoutingGateways.Select(g => (g.Address, g.Transport)));
        }
    }

    [Theory]
    [InlineData("routing_gateways:\n  - name: a\n    address: \"sip.vendor.example:99999\"\n", "routing_gateways[0].address: expected IP, IP:port, [IPv6]:port, host or host:port such as 192.0.2.10:5060 or sip.vendor.example (line 3)")]
    [InlineData("routing_gateways:\n  - name: a\n    address: sip.vendor.example\n    transport: tls\n", "routing_gateways[0].transport: expected udp or tcp (line 4)")]
    public void A_bad_vendor_address_or_transport_names_the_gateway_and_key(string yaml, string expected)
    {
        var e = Assert.Throws<ProvisioningException>(() => ProvisioningLoader.Parse(yaml));
        Assert.StartsWith(expected, e.Message);
    }
}
