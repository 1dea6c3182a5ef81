using System.Net;
using Cluster.Edge.Calls.Vendors;
using Cluster.Edge.Transport;
using Cluster.Grains.Provisioning;
using Cluster.Tests.Transport;
using Microsoft.Extensions.Logging;

namespace Cluster.Tests.VendorAddress;

/// <summary>
/// The resolver against a real name server on loopback (<see cref="LoopbackDnsServer"/>): what it asks, in what order it
/// offers the answers, how long it keeps them. Time is a <see cref="ManualTimeProvider"/>: TTLs and the timeout pass
/// when the test says so.
/// </summary>
public sealed class VendorAddressResolverTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    // Once the manual clock passes the timeout the lookup ends at once; a lookup timed by the wall clock (2 s here)
    // or by the library's own timeout (5 s, retried) would not end within this.
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(1.5);
    private readonly LoopbackDnsServer _dns = new();
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingLogger _log = new();
    private VendorAddressResolver _resolver = null!;

    public Task InitializeAsync()
    {
        _resolver = new VendorAddressResolver(new VendorResolverOptions { DnsServers = [_dns.EndPoint] }, _time, _log);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _dns.DisposeAsync();

    [Fact]
    public async Task An_ip_literal_is_its_own_target_and_asks_nothing()
    {
        var v4 = await _resolver.ResolveAsync("192.0.2.10", SipTransportKind.Udp, CancellationToken.None);
        var v6 = await _resolver.ResolveAsync("[2001:db8::1]:5070", SipTransportKind.Tcp, CancellationToken.None);

        Assert.Equal([new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5060)], v4!.EndPoints);
        Assert.Equal([new IPEndPoint(IPAddress.Parse("2001:db8::1"), 5070)], v6!.EndPoints);
        Assert.Equal(SipTransportKind.Tcp, v6.Transport);
        Assert.Empty(_dns.Heard);
        Assert.Equal(0, _resolver.QueriesSent);
    }

    [Fact]
    public async Task Srv_targets_are_offered_by_priority_and_weight_each_on_its_own_port()
    {
        _dns.AddSrv("_sip._udp.vendor.test", priority: 20, weight: 0, port: 5090, "c.vendor.test");
        _dns.AddSrv("_sip._udp.vendor.test", priority: 10, weight: 10, port: 5070, "b.vendor.test");
        _dns.AddSrv("_sip._udp.vendor.test", priority: 10, weight: 60, port: 5080, "a.vendor.test");
        _dns.AddA("a.vendor.test", "192.0.2.1");
        _dns.AddAaaa("a.vendor.test", "2001:db8::a");
        _dns.AddA("b.vendor.test", "192.0.2.2");
        _dns.AddA("c.vendor.test", "192.0.2.3");
        _dns.AddA("vendor.test", "192.0.2.99"); // not asked: SRV answers

        var target = await _resolver.ResolveAsync("vendor.test", SipTransportKind.Udp, CancellationToken.None);

        Assert.Equal(["192.0.2.1:5080", "[2001:db8::a]:5080", "192.0.2.2:5070", "192.0.2.3:5090"], target!.EndPoints.Select(e => e.ToString()));
        Assert.Equal(SipTransportKind.Udp, target.Transport);
        Assert.Equal(0, _dns.Count("vendor.test", LoopbackDnsServer.A));
    }

    [Fact]
    public async Task Tcp_asks_the_tcp_srv_name()
    {
        _dns.AddSrv("_sip._udp.vendor.test", 10, 0, 5070, "udp.vendor.test");
        _dns.AddSrv("_sip._tcp.vendor.test", 10, 0, 5071, "tcp.vendor.test");
        _dns.AddA("udp.vendor.test", "192.0.2.1");
        _dns.AddA("tcp.vendor.test", "192.0.2.2");

        var vendor = new RoutingGateway { Name = "v", Address = "vendor.test", Transport = VendorTransport.Tcp };
        var target = await _resolver.ResolveAsync(vendor, CancellationToken.None);

        Assert.Equal(["192.0.2.2:5071"], target!.EndPoints.Select(e => e.ToString()));
        Assert.Equal(SipTransportKind.Tcp, target.Transport);
        Assert.Equal(0, _dns.Count("_sip._udp.vendor.test", LoopbackDnsServer.Srv));
    }

    [Fact]
    public async Task Without_srv_the_names_own_addresses_are_used_on_5060()
    {
        _dns.AddA("plain.test", "192.0.2.5");
        _dns.AddAaaa("plain.test", "2001:db8::5");

        var target = await _resolver.ResolveAsync("plain.test", SipTransportKind.Udp, CancellationToken.None);

        Assert.Equal(["192.0.2.5:5060", "[2001:db8::5]:5060"], target!.EndPoints.Select(e => e.ToString()));
        Assert.Equal(1, _dns.Count("_sip._udp.plain.test", LoopbackDnsServer.Srv));
    }

    [Fact]
    public async Task An_explicit_port_skips_srv()
    {
        _dns.AddSrv("_sip._udp.vendor.test", 10, 0, 5070, "srv.vendor.test");
        _dns.AddA("srv.vendor.test", "192.0.2.1");
        _dns.AddA("vendor.test", "192.0.2.7");

        var target = await _resolver.ResolveAsync("vendor.test:5099", SipTransportKind.Udp, CancellationToken.None);

        Assert.Equal(["192.0.2.7:5099"], target!.EndPoints.Select(e => e.ToString()));
        Assert.Equal(0, _dns.Count("_sip._udp.vendor.test", LoopbackDnsServer.Srv));
    }

    [Fact]
    public async Task An_answer_is_kept_for_its_ttl_and_asked_again_after()
    {
        _dns.AddA("ttl.test", "192.0.2.8", ttl: 60);
        var first = await _resolver.ResolveAsync("ttl.test:5060", SipTransportKind.Udp, CancellationToken.None);
        var asked = _dns.Heard.Count;

        _time.Advance(TimeSpan.FromSeconds(59));
        var cached = await _resolver.ResolveAsync("TTL.test.:5060", SipTransportKind.Udp, CancellationToken.None);
        Assert.Equal(asked, _dns.Heard.Count);
        Assert.Same(first, cached);

        _time.Advance(TimeSpan.FromSeconds(2));
        var again = await _resolver.ResolveAsync("ttl.test:5060", SipTransportKind.Udp, CancellationToken.None);
        Assert.Equal(2, _dns.Count("ttl.test", LoopbackDnsServer.A));
        Assert.Equal(first!.EndPoints, again!.EndPoints);
    }

    [Fact]
    public async Task A_long_ttl_is_cut_to_300_seconds_and_the_smallest_ttl_of_an_srv_answer_counts()
    {
        _dns.AddA("long.test", "192.0.2.9", ttl: 86_400);
        _dns.AddSrv("_sip._udp.mixed.test", 10, 0, 5070, "host.mixed.test", ttl: 3_600);
        _dns.AddA("host.mixed.test", "192.0.2.10", ttl: 30);
        await _resolver.ResolveAsync("long.test:5060", SipTransportKind.Udp, CancellationToken.None);
        await _resolver.ResolveAsync("mixed.test", SipTransportKind.Udp, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(31));
        await _resolver.ResolveAsync("long.test:5060", SipTransportKind.Udp, CancellationToken.None);
        await _resolver.ResolveAsync("mixed.test", SipTransportKind.Udp, CancellationToken.None);
        Assert.Equal((1, 2), (_dns.Count("long.test", LoopbackDnsServer.A), _dns.Count("_sip._udp.mixed.test", LoopbackDnsServer.Srv)));

        _time.Advance(TimeSpan.FromSeconds(270));
        await _resolver.ResolveAsync("long.test:5060", SipTransportKind.Udp, CancellationToken.None);
        Assert.Equal(2, _dns.Count("long.test", LoopbackDnsServer.A));
    }

    [Fact]
    public async Task Nxdomain_gives_null_is_kept_for_5_seconds_and_logged_once_per_change()
    {
        _dns.Missing("_sip._udp.gone.test");
        _dns.Missing("gone.test");

        Assert.Null(await _resolver.ResolveAsync("gone.test", SipTransportKind.Udp, CancellationToken.None));
        var asked = _dns.Heard.Count;
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Null(await _resolver.ResolveAsync("gone.test", SipTransportKind.Udp, CancellationToken.None));
        Assert.Equal(asked, _dns.Heard.Count);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await _resolver.ResolveAsync("gone.test", SipTransportKind.Udp, CancellationToken.None));
        Assert.Equal(2, _dns.Count("gone.test", LoopbackDnsServer.A));
        var warning = Assert.Single(_log.Lines, l => l.EventId == 320);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("gone.test does not exist (NXDOMAIN)", warning.Message);

        _dns.Forget("gone.test");
        _dns.AddA("gone.test", "192.0.2.11");
        _time.Advance(TimeSpan.FromSeconds(6));
        var back = await _resolver.ResolveAsync("gone.test", SipTransportKind.Udp, CancellationToken.None);
        Assert.Equal(["192.0.2.11:5060"], back!.EndPoints.Select(e => e.ToString()));
        Assert.Contains("192.0.2.11:5060", Assert.Single(_log.Lines, l => l.EventId == 321).Message);
        Assert.Equal(1, _log.Count(320));
    }

    [Fact]
    public async Task A_name_with_no_records_gives_null()
    {
        var target = await _resolver.ResolveAsync("empty.test", SipTransportKind.Udp, CancellationToken.None);

        Assert.Null(target);
        Assert.Equal(3, _dns.Heard.Count); // SRV, then A and AAAA: all answered, all empty
        Assert.Contains("no A or AAAA records for empty.test", Assert.Single(_log.Lines, l => l.EventId == 320).Message);
    }

    [Fact]
    public async Task A_server_that_never_answers_gives_null_once_the_timeout_has_passed()
    {
        _dns.Silent("_sip._udp.mute.test");
        var question = _dns.NextQuestion;

        var lookup = _resolver.ResolveAsync("mute.test", SipTransportKind.Udp, CancellationToken.None).AsTask();
        await question.WaitAsync(Wait);
        _time.Advance(TimeSpan.FromMilliseconds(1_999));
        Assert.False(lookup.IsCompleted, "the lookup ended before its 2 s timeout");

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await lookup.WaitAsync(AtOnce));
        Assert.Equal([("_sip._udp.mute.test", LoopbackDnsServer.Srv)], _dns.Heard); // the deadline was spent: no A asked
        Assert.Contains("no answer within 2000 ms", Assert.Single(_log.Lines, l => l.EventId == 320).Message);
    }

    [Fact]
    public async Task Concurrent_lookups_of_one_name_share_one_query()
    {
        _dns.AddA("busy.test", "192.0.2.12");
        _dns.Hold();
        var question = _dns.NextQuestion;

        var lookups = Enumerable.Range(0, 8).Select(_ => _resolver.ResolveAsync("busy.test:5070", SipTransportKind.Udp, CancellationToken.None).AsTask()).ToArray();
        await question.WaitAsync(Wait);
        Assert.All(lookups, l => Assert.False(l.IsCompleted));
        _dns.Release();
        var targets = await Task.WhenAll(lookups).WaitAsync(Wait);

        Assert.All(targets, t => Assert.Equal(["192.0.2.12:5070"], t!.EndPoints.Select(e => e.ToString())));
        Assert.Equal(1, _dns.Count("busy.test", LoopbackDnsServer.A));
        Assert.Equal(2, _resolver.QueriesSent); // one A, one AAAA
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_lookup_others_wait_for()
    {
        _dns.AddA("shared.test", "192.0.2.13");
        _dns.Hold();
        var question = _dns.NextQuestion;
        using var impatient = new CancellationTokenSource();

        var abandoned = _resolver.ResolveAsync("shared.test:5060", SipTransportKind.Udp, impatient.Token).AsTask();
        var patient = _resolver.ResolveAsync("shared.test:5060", SipTransportKind.Udp, CancellationToken.None).AsTask();
        await question.WaitAsync(Wait);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(Wait));
        _dns.Release();

        Assert.Equal(["192.0.2.13:5060"], (await patient.WaitAsync(Wait))!.EndPoints.Select(e => e.ToString()));
    }
}
