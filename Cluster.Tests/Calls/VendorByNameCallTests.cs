using Cluster.Grains.Cdr;
using Cluster.Tests.VendorAddress;

namespace Cluster.Tests.Calls;

/// <summary>
/// Vendors by DNS name (RFC 3263), against a real DNS server on loopback that the edges are told to ask: a vendor
/// whose name has an SRV record gets the call at the SRV target's address and port; one whose name does not resolve
/// is skipped like an offline vendor, before it, and the call is not delayed by it.
/// </summary>
public sealed class VendorByNameCallTests : IAsyncLifetime
{
    private readonly LoopbackDnsServer _dns = new();
    private readonly int _vendorPort = CallCluster.FreeUdpPort();
    private readonly CallCluster _cluster;

    public VendorByNameCallTests()
    {
        _dns.AddSrv("_sip._udp.vendor.example.test", 10, 5, (ushort)_vendorPort, "uk1.vendor.example.test");
        _dns.AddA("uk1.vendor.example.test", "127.0.0.1");
        _dns.Missing("gone.example.test");
        _dns.Missing("_sip._udp.gone.example.test");
        _cluster = new CallCluster($"  dns_servers: [\"{_dns.EndPoint}\"]\n", """
              - name: vendorGone
                address: gone.example.test
                prefixes: ["49"]
                priority: 5
                options_interval_s: 0
              - name: vendorByName
                address: vendor.example.test
                prefixes: ["49"]
                priority: 10
                options_interval_s: 0

            """);
    }

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _dns.DisposeAsync();
    }

    [Fact]
    public async Task A_vendor_named_by_SRV_gets_the_call_at_its_target_and_one_that_does_not_resolve_is_skipped()
    {
        using var vendor = new UdpSipParty("127.0.0.1", _vendorPort);
        using var customer = new UdpSipParty("127.0.0.21");
        var callId = "by-name-" + Guid.NewGuid().ToString("N");
        await customer.SendAsync(BackToBack.Invite("4930123456", customer, _cluster.First.Udp, callId), _cluster.First.Udp);

        var (invite, fromEdge) = await vendor.ExpectAsync("INVITE ");
        Assert.StartsWith($"INVITE sip:4930123456@127.0.0.1:{_vendorPort} SIP/2.0", invite, StringComparison.Ordinal);
        await vendor.SendAsync(UdpSipParty.Response(invite, 486, "Busy Here", "n1"), fromEdge);
        await customer.ExpectAsync("SIP/2.0 486");

        var cdr = await CdrRecords.OfAsync(_cluster.Redis, callId);
        Assert.Equal(["vendorByName:486"], cdr.Attempts.Select(a => $"{a.Vendor}:{a.Status}"));
        Assert.Equal((CallReleaser.Callee, $"127.0.0.1:{_vendorPort}"), (cdr.ReleasedBy, cdr.VendorAddress));
        Assert.True(_dns.Count("_sip._udp.vendor.example.test", LoopbackDnsServer.Srv) >= 1);
    }
}
