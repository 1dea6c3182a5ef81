using System.Globalization;
using System.Text.RegularExpressions;
using Cluster.Grains;
using Cluster.Grains.Calls;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Infrastructure.Silos;
using Xunit.Abstractions;

namespace Cluster.Tests.Grains;

/// <summary>
/// Issue 12: what a live (answered) B2BUA call costs. Each call is a call grain kept active for its dead-call check
/// (both legs' dialog state, its attempts), its record <c>call:{ID}</c> in Redis, a line on its mapping gateway and on
/// its vendor, and the mapping gateway's dialog record for the maximum-duration hang-up. 10,000 held calls, as the
/// issue asks; the heap is the whole test process (two silos, the client, the test).
/// </summary>
[Collection(nameof(ActiveCallMemoryCollection))]
public sealed partial class LiveCallMemoryTests(OrleansCluster cluster, ITestOutputHelper output)
{
    private const int Calls = 10_000;

    // the calls' ids, the warm-up call's first
    private readonly string[] _ids = new string[Calls + 1];
    private static readonly long T0 = GatewayGrainTests.T0.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Ten_thousand_live_calls_cost_at_most_8_KB_each_in_the_silos_and_4_KB_in_Redis()
    {
        string mapping = GatewayGrainTests.FreshName("cust"), vendor = GatewayGrainTests.FreshName("vend");
        cluster.SetPolicy(GrainPolicy.Defaults with
        {
            Gateways = new Dictionary<string, GatewayLimits> { [mapping] = GatewayLimits.Unlimited, [vendor] = GatewayLimits.Unlimited },
        });

        // warm the path (activations, serializers) on one call, then take the baselines
        await LiveCallAsync(mapping, vendor, -1);
        var heap = ManagedHeap.Settled();
        var redis = RedisUsedMemory();

        const int inFlight = 128;
        for (var first = 0; first < Calls; first += inFlight)
        {
            await Task.WhenAll(Enumerable.Range(first, Math.Min(inFlight, Calls - first)).Select(i => LiveCallAsync(mapping, vendor, i)));
        }

        var perCallHeap = (double)(ManagedHeap.Settled() - heap) / Calls;
        var perCallRedis = (double)(RedisUsedMemory() - redis) / Calls;
        var stats = await cluster.Grains.GetGatewayGrain(mapping).StatsAsync(GatewayGrainTests.T0);
        output.WriteLine($"{Calls} live calls: {perCallHeap:F0} bytes of GC heap per call (both silos, client and test in one process), "
            + $"{perCallRedis:F0} bytes of Redis used_memory per call; mapping gateway lines {stats.LinesInUse}");
        Assert.Equal(Calls + 1, stats.LinesInUse);

        // the calls end (their grains stop checking their legs and go): the silos are left as they were found
        for (var first = -1; first < Calls; first += inFlight)
        {
            await Task.WhenAll(Enumerable.Range(first, Math.Min(inFlight, Calls - first)).Select(i =>
                cluster.Orleans.GetGrain<ICallGrain>(_ids[i + 1]).HangUpAsync(Cluster.Grains.Cdr.CallReleaser.Operator, T0 + 1000)));
        }

        Assert.Equal(0, (await cluster.Grains.GetGatewayGrain(mapping).StatsAsync(GatewayGrainTests.T0)).LinesInUse);
        Assert.True(perCallHeap <= 8 * 1024, $"{perCallHeap:F0} bytes of silo heap per live call");
        Assert.True(perCallRedis <= 4 * 1024, $"{perCallRedis:F0} bytes of Redis per live call");
    }

    // what a call from a real customer carries: a UUID-like Call-ID, tagged From/To, contacts with addresses, SDP codecs
    private async Task LiveCallAsync(string mapping, string vendor, int i)
    {
        var customerCallId = $"{Guid.NewGuid():N}@10.1.{(i >> 8) & 255}.{i & 255}";
        var id = CallIds.Of(customerCallId, $"{i:x8}a1b2");
        _ids[i + 1] = id;
        var address = $"198.51.100.{i & 255}:5060";
        var customerLeg = new CallLeg
        {
            CallId = customerCallId,
            Local = $"<sip:12025550100@203.0.113.1>;tag={CallIds.CustomerSideTag(id)}",
            Remote = $"<sip:2025550{i & 0xFFFF:D5}@198.51.100.{i & 255}>;tag={i:x8}a1b2",
            RemoteTag = $"{i:x8}a1b2",
            RemoteTarget = $"sip:2025550{i & 0xFFFF:D5}@{address}",
            Address = address,
            RemoteInviteCSeq = 102,
        };
        var choice = new VendorChoice(vendor, "203.0.113.7:5060", "12025550100", "sip:12025550100@203.0.113.7:5060", 1, "udp", "203.0.113.1:5060");
        var call = cluster.Orleans.GetGrain<ICallGrain>(id);
        var offered = await call.OfferAsync(new CallOffer(mapping, string.Empty, $"2025550{i & 0xFFFF:D5}", "12025550100", customerLeg, choice, "203.0.113.1:5060", T0, 600_000, "PCMU PCMA telephone-event", false));
        Assert.True(offered.Admission is { Customer.HasLine: true, Vendor.HasLine: true });
        var vendorLeg = new CallLeg
        {
            CallId = CallIds.VendorCallId(id, 1),
            Local = $"<sip:2025550{i & 0xFFFF:D5}@203.0.113.1:5060>;tag={CallIds.VendorSideTag(id)}",
            Remote = "<sip:12025550100@203.0.113.7:5060>;tag=as5f3c21d9",
            RemoteTag = "as5f3c21d9",
            RemoteTarget = "sip:12025550100@203.0.113.7:5060",
            Address = "203.0.113.7:5060",
            LocalCSeq = 1,
            InviteCSeq = 1,
        };
        Assert.True(await call.AnsweredAsync(new CallAnswer(choice, vendorLeg, T0 + 100, T0 + 50, "PCMA telephone-event", 3_600_000, 60_000)));
    }

    private long RedisUsedMemory() =>
        long.Parse(UsedMemory().Match(cluster.Redis.Command("INFO", "memory")).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"used_memory:(\d+)")]
    private static partial Regex UsedMemory();
}
