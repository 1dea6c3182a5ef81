using System.Globalization;
using System.Text.RegularExpressions;
using Cluster.Grains;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Infrastructure.Silos;
using Xunit.Abstractions;

namespace Cluster.Tests.Grains;

/// <summary>Runs alone (no other test allocates in this process meanwhile), so the heap growth it measures is its own.</summary>
[CollectionDefinition(nameof(ActiveCallMemoryCollection), DisableParallelization = true)]
public sealed class ActiveCallMemoryCollection : ICollectionFixture<OrleansCluster>;

/// <summary>
/// Issue 11 item 12: what an active (answered) call costs the silos and Redis. A call holds a line on its mapping
/// gateway and on its vendor, and the mapping gateway keeps its dialog record for the maximum-duration hang-up.
/// </summary>
[Collection(nameof(ActiveCallMemoryCollection))]
public sealed partial class ActiveCallMemoryTests(OrleansCluster cluster, ITestOutputHelper output)
{
    private const int Calls = 100_000;
    private static readonly DateTimeOffset T0 = GatewayGrainTests.T0;

    [Fact]
    public async Task A_hundred_thousand_answered_calls_cost_at_most_2_KB_each_in_the_silos()
    {
        string mapping = GatewayGrainTests.FreshName("cust"), vendor = GatewayGrainTests.FreshName("vend");
        cluster.SetPolicy(GrainPolicy.Defaults with
        {
            Gateways = new Dictionary<string, GatewayLimits> { [mapping] = GatewayLimits.Unlimited, [vendor] = GatewayLimits.Unlimited },
        });
        var customer = cluster.Grains.GetGatewayGrain(mapping);

        // warm the path (activations, serializers) on one call, then take the baselines
        await AnswerAsync(customer, mapping, vendor, -1);
        var heap = ManagedHeap.Settled();
        var redis = RedisUsedMemory();

        const int inFlight = 256;
        for (var first = 0; first < Calls; first += inFlight)
        {
            await Task.WhenAll(Enumerable.Range(first, Math.Min(inFlight, Calls - first)).Select(i => AnswerAsync(customer, mapping, vendor, i)));
        }

        var perCallHeap = (double)(ManagedHeap.Settled() - heap) / Calls;
        var perCallRedis = (double)(RedisUsedMemory() - redis) / Calls;
        var stats = await customer.StatsAsync(T0);
        output.WriteLine($"{Calls} answered calls: {perCallHeap:F0} bytes of GC heap per call (both silos, client and test in one process), "
            + $"{perCallRedis:F0} bytes of Redis used_memory per call; mapping gateway lines {stats.LinesInUse}");
        Assert.Equal(Calls + 1, stats.LinesInUse);
        Assert.Equal(Calls + 1, (await cluster.Grains.GetGatewayGrain(vendor).StatsAsync(T0)).LinesInUse);
        Assert.True(perCallHeap <= 2048, $"{perCallHeap:F0} bytes of silo heap per answered call");
    }

    // what a call from a real customer gateway carries: a UUID-like Call-ID, tagged From/To, contacts with addresses
    private static async Task AnswerAsync(IGatewayGrain customer, string mapping, string vendor, int i)
    {
        var callId = $"{Guid.NewGuid():N}@10.1.{(i >> 8) & 255}.{i & 255}";
        var admitted = await customer.AdmitCallAsync(callId, vendor, T0);
        Assert.True(admitted.Customer.HasLine && admitted.Vendor!.HasLine);
        var call = new AnsweredCall(
            callId, mapping, vendor, T0.ToUnixTimeMilliseconds(), $"198.51.100.{i & 255}:5060", "203.0.113.7:5060",
            $"<sip:2025550{i & 0xFFFF:D5}@198.51.100.{i & 255}>;tag={i:x8}a1b2", "<sip:12025550100@203.0.113.7>;tag=as5f3c21d9",
            $"sip:2025550{i & 0xFFFF:D5}@198.51.100.{i & 255}:5060", "sip:12025550100@203.0.113.7:5060", 102);
        Assert.True(await customer.AnsweredAsync(call, T0.AddHours(1), TimeSpan.FromMinutes(1), T0));
    }

    private long RedisUsedMemory() =>
        long.Parse(UsedMemory().Match(cluster.Redis.Command("INFO", "memory")).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"used_memory:(\d+)")]
    private static partial Regex UsedMemory();
}
