using System.Net;
using System.Text;
using Cluster.Edge.Defense;
using Cluster.Grains;
using Cluster.Grains.Provisioning;

namespace Cluster.Tests.Defense;

public sealed class SourceBudgetsTests
{
    private static readonly IPAddress s_source = IPAddress.Parse("203.0.113.7");

    private static readonly RateLimits s_limits = new()
    {
        AllSip = new TokenBucketSpec(20, 50),
        PikeSamplingUnitSeconds = 2,
        PikeDensity = 100,
        PikeHotUnits = 3,
    };

    [Fact]
    public void A_source_gets_its_burst_then_its_rate()
    {
        var budgets = new SourceBudgets();
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(BudgetVerdict.Within, budgets.Take(s_source, nowMs: 1_000, s_limits));
        }

        Assert.Equal(BudgetVerdict.Over, budgets.Take(s_source, nowMs: 1_000, s_limits));

        // 20/s: after 100 ms two tokens are back, not three.
        Assert.Equal(BudgetVerdict.Within, budgets.Take(s_source, nowMs: 1_100, s_limits));
        Assert.Equal(BudgetVerdict.Within, budgets.Take(s_source, nowMs: 1_100, s_limits));
        Assert.Equal(BudgetVerdict.Over, budgets.Take(s_source, nowMs: 1_100, s_limits));
    }

    [Fact]
    public void Overflowing_for_three_sampling_units_in_a_row_is_a_flood_and_a_pause_resets_it()
    {
        var budgets = new SourceBudgets();
        var verdicts = new List<BudgetVerdict>();
        for (var unit = 0; unit < 3; unit++)
        {
            for (var i = 0; i < 200; i++)
            {
                verdicts.Add(budgets.Take(s_source, nowMs: 10_000 + (unit * 2_000), s_limits));
            }
        }

        Assert.Equal(1, verdicts.Count(v => v == BudgetVerdict.Flood));
        // Third unit: 40 tokens came back in 2 s, then the 101st overflow crosses the density.
        Assert.Equal(400 + 40 + 100, verdicts.IndexOf(BudgetVerdict.Flood));

        // Hot units must be consecutive: two hot, one quiet, two hot is no flood.
        var calm = new SourceBudgets();
        var calmVerdicts = new List<BudgetVerdict>();
        foreach (var unit in new[] { 0, 1, 3, 4 })
        {
            for (var i = 0; i < 200; i++)
            {
                calmVerdicts.Add(calm.Take(s_source, nowMs: 10_000 + (unit * 2_000), s_limits));
            }
        }

        Assert.DoesNotContain(BudgetVerdict.Flood, calmVerdicts);
    }

    [Fact]
    public void A_full_table_refuses_new_sources_once_nothing_is_idle()
    {
        var budgets = new SourceBudgets(capacity: 2);
        Assert.Equal(BudgetVerdict.Within, budgets.Take(IPAddress.Parse("198.51.100.1"), 0, s_limits));
        Assert.Equal(BudgetVerdict.Within, budgets.Take(IPAddress.Parse("198.51.100.2"), 0, s_limits));

        Assert.Equal(BudgetVerdict.Refused, budgets.Take(IPAddress.Parse("198.51.100.3"), 1, s_limits));

        // Idle past rate_limits.idle_expiry_s (30 s): the old entries make room.
        Assert.Equal(BudgetVerdict.Within, budgets.Take(IPAddress.Parse("198.51.100.3"), 31_000, s_limits));
    }

    [Theory]
    [InlineData("friendly-scanner", true)]
    [InlineData("Friendly-Scanner 0.9", true)]
    [InlineData("sipcli/v1.8", true)]
    [InlineData("Yealink SIP-T46S 66.86.0.15", false)]
    [InlineData("", false)]
    public void Scanner_user_agents_match_case_insensitively(string userAgent, bool scanner) =>
        Assert.Equal(scanner, new ScannerMatcher(["friendly-scanner", "sipvicious", "VaxSIPUserAgent", "SIPScan", "sipcli"]).Matches(Encoding.ASCII.GetBytes(userAgent)));
}
