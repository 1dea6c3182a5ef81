using System.Diagnostics;

namespace Cluster.Tests.Calls;

/// <summary>
/// The CPS limit of a mapping gateway holds across edges: cust-ip (CPS 10, one second of burst) calling
/// through two edges at 30 calls per second each is admitted about 10 per second in total, the rest get 503.
/// Its own cluster, so that no other test drains or shares the customer's CPS bucket.
/// </summary>
public sealed class CpsLimitTests(CallCluster cluster) : IClassFixture<CallCluster>
{
    [Fact]
    public async Task A_CPS_limit_of_10_across_two_edges_admits_about_10_calls_per_second_in_total()
    {
        // The vendor answers whatever reaches it; it is stopped once the customers are done.
        using var vendorA = SippCall.Vendor("vendor_uas.xml", cluster.VendorPorts["vendorA"], calls: 1000);
        var clock = Stopwatch.StartNew();
        using var viaFirst = SippCall.Customer(cluster.First.Udp, "127.0.0.21", "12025550150", calls: 45, ratePerSecond: 30, holdMs: 0);
        using var viaSecond = SippCall.Customer(cluster.Second.Udp, "127.0.0.21", "12025550151", calls: 45, ratePerSecond: 30, holdMs: 0);
        await viaFirst.WaitAsync(TimeSpan.FromSeconds(60));
        await viaSecond.WaitAsync(TimeSpan.FromSeconds(60));
        var seconds = clock.Elapsed.TotalSeconds;

        var answered = viaFirst.Count("answered") + viaSecond.Count("answered");
        var refused = viaFirst.Count("refused") + viaSecond.Count("refused");
        var explain = $"answered {answered}, refused {refused} in {seconds:F1} s\n{string.Join(" | ", viaFirst.Lines())}\n{string.Join(" | ", viaSecond.Lines())}";
        Assert.True(answered + refused == 90, explain);

        // A full bucket of 10, then 10 per second while the calls kept coming (at most the measured time).
        Assert.True(answered >= 10, explain);
        Assert.True(answered <= 10 + (int)Math.Ceiling(10 * seconds) + 1, explain);
        Assert.True(viaFirst.Count("answered") > 0 && viaSecond.Count("answered") > 0, explain);
        Assert.Equal(0, (await cluster.StatsAsync("cust-ip")).LinesInUse);
    }
}
