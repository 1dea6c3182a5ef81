using Cluster.Grains;
using Cluster.Tests.Infrastructure.Silos;

namespace Cluster.Tests.Grains;

/// <summary>
/// The bucket law, over seeded random request schedules against the real shard grain: in any run, admitted
/// requests never exceed burst + rate x elapsed, and a source that keeps under the rate is never refused.
/// </summary>
public sealed class TokenBucketPropertyTests : IClassFixture<OrleansCluster>
{
    private static readonly DateTimeOffset T0 = SourceIpGrainTests.T0;
    private readonly OrleansCluster _cluster;

    public TokenBucketPropertyTests(OrleansCluster cluster) => _cluster = cluster;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Admitted_never_exceed_burst_plus_rate_times_elapsed(int seed)
    {
        var random = new Random(seed);
        var rate = random.Next(1, 30);
        var burst = random.Next(1, 60);
        _cluster.SetPolicy(GrainPolicy.Defaults with { SourceIp = new SourceIpPolicy { AllSip = new(rate, burst), PikeDensity = 0 } });
        var grain = _cluster.Grains.GetSourceIpGrain(SourceIpGrainTests.FreshAddress());
        var t = T0;
        var admitted = 0;
        for (var i = 0; i < 400; i++)
        {
            t = t.AddMilliseconds(random.Next(0, 3) == 0 ? random.Next(0, 500) : 0);
            if ((await grain.AdmitAsync(SipRequestKind.Other, t)).Decision == SourceIpDecision.Admitted)
            {
                admitted++;
            }

            var bound = burst + (rate * (t - T0).TotalSeconds);
            Assert.True(admitted <= bound + 1e-9, $"seed {seed}: {admitted} admitted by {t - T0}, bound {bound} (rate {rate}, burst {burst})");
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task A_source_under_the_rate_is_never_refused(int seed)
    {
        var random = new Random(seed);
        var rate = random.Next(1, 30);
        _cluster.SetPolicy(GrainPolicy.Defaults with { SourceIp = new SourceIpPolicy { AllSip = new(rate, random.Next(1, 10)), PikeDensity = 0 } });
        var grain = _cluster.Grains.GetSourceIpGrain(SourceIpGrainTests.FreshAddress());
        var gapMs = (int)Math.Ceiling(1000.0 / rate);
        var t = T0;
        for (var i = 0; i < 200; i++)
        {
            t = t.AddMilliseconds(gapMs + random.Next(0, 50));
            Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Other, t)).Decision);
        }
    }
}
