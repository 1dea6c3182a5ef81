using System.Net;
using Cluster.Grains;
using Cluster.Tests.Infrastructure.Silos;
using Xunit.Abstractions;

namespace Cluster.Tests.Grains;

/// <summary>Runs alone (no other test allocating in this process meanwhile), so the GC heap measures the silos' tables.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "memory measurement";
}

/// <summary>
/// What a tracked source costs in a silo: 100,000 distinct sources admitted through the edges' facade into the two
/// in-process TestingHost silos, measured as live GC heap growth (after full collections) of this process, which
/// holds both silos and the client. Then the idle sources are swept back out.
/// </summary>
[Collection(MemoryMeasurement.Name)]
public sealed class SourceIpMemoryTests(OrleansCluster cluster, ITestOutputHelper output) : IClassFixture<OrleansCluster>
{
    private const int Sources = 100_000;
    private const int InFlight = 2_000;
    private static readonly DateTimeOffset T0 = SourceIpGrainTests.T0;

    [Fact]
    public async Task A_hundred_thousand_sources_cost_at_most_512_bytes_each_and_idle_ones_are_collected()
    {
        // Warm up with as many other sources an hour earlier, then forget them: every shard active, every code path
        // jitted, the messaging pools and caches at their working size. What a second flood of the same size leaves
        // behind after its sweep is then what sources leak, not what the process grows once.
        // (the shards are activated first, with a retry: 256 activations reading Redis at once can outlast a call's
        // deadline on a busy 2-core machine)
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SourceIpShards.CensusAsync(cluster.Orleans, T0.AddHours(-1));
                break;
            }
            catch (GrainUnavailableException) when (attempt < 5)
            {
            }
        }

        await AdmitAsync(Enumerable.Range(0, Sources).Select(i => Address(0xF0, i)), T0.AddHours(-1));
        Assert.Equal(0, (await SourceIpShards.CensusAsync(cluster.Orleans, T0)).Tracked);
        var baseline = LiveHeap();

        await AdmitAsync(Enumerable.Range(0, Sources).Select(i => Address(0x0A, i)), T0);
        var census = await SourceIpShards.CensusAsync(cluster.Orleans, T0);
        var loaded = LiveHeap();
        var perSource = (double)(loaded - baseline) / Sources;
        output.WriteLine($"baseline {baseline / 1e6:F1} MB, with {census.Tracked} sources {loaded / 1e6:F1} MB: {perSource:F0} bytes a source");
        Assert.Equal(Sources, census.Tracked);
        Assert.True(perSource <= 512, $"{perSource:F0} bytes a tracked source (baseline {baseline}, loaded {loaded})");

        // 30 s idle expiry passed: the census's sweep forgets every one of them and the tables shrink
        Assert.Equal(new SourceIpCensus(0, 0), await SourceIpShards.CensusAsync(cluster.Orleans, T0.AddSeconds(31)));
        var swept = LiveHeap();
        output.WriteLine($"after the sweep {swept / 1e6:F1} MB ({(swept - baseline) / 1e6:F2} MB above baseline)");
        // "near": the two silos' own background work (membership, statistics, logging) moves the live heap by a
        // megabyte or two between measurements; 40 bytes a source (a fifth of what they cost) is well above that
        Assert.True(swept - baseline < Sources * 40L, $"after the sweep {swept} bytes live, baseline {baseline}, loaded {loaded}");
    }

    private static IPAddress Address(byte first, int i) => new(new byte[] { first, (byte)(i >> 16), (byte)(i >> 8), (byte)i });

    private async Task AdmitAsync(IEnumerable<IPAddress> addresses, DateTimeOffset now)
    {
        foreach (var chunk in addresses.Chunk(InFlight))
        {
            var verdicts = await Task.WhenAll(chunk.Select(a => cluster.Grains.GetSourceIpGrain(a).AdmitAsync(SipRequestKind.Register, now)));
            Assert.All(verdicts, v => Assert.Equal(SourceIpDecision.Admitted, v.Decision));
        }
    }

    private static long LiveHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
