using Cluster.Grains;
using Xunit.Abstractions;

namespace Cluster.Tests.Grains;

/// <summary>The gateway's decisions without Orleans or Redis: a clock passed in, the verdicts out.</summary>
public sealed class GatewayBookTests(ITestOutputHelper output)
{
    private const long T0 = 1_700_000_000_000;

    [Fact]
    public void At_the_limit_a_held_call_is_already_admitted_and_a_new_one_refused_without_taking_cps()
    {
        var book = new GatewayBook();
        var l = new GatewayLimits { LineLimit = 2, CpsLimit = 10 };
        Assert.Equal(GatewayAdmission.Admitted, book.Admit("a", T0, l, false, out var untilA).Decision);
        Assert.Equal(T0 + (long)l.LeaseTime.TotalMilliseconds, untilA);
        Assert.Equal(GatewayAdmission.Admitted, book.Admit("b", T0, l, false, out _).Decision);
        Assert.Equal(GatewayAdmission.AlreadyAdmitted, book.Admit("a", T0 + 1, l, false, out var renewed).Decision);
        Assert.Equal(0, renewed); // at the limit nothing is renewed, as the Lua turn did
        Assert.Equal(GatewayAdmission.LinesFull, book.Admit("c", T0 + 1, l, false, out var none).Decision);
        Assert.Equal(0, none);
        Assert.Equal(2, book.LeaseCount);
    }

    [Fact]
    public void A_cps_refusal_keeps_no_line_and_the_bucket_refills_from_its_last_stamp()
    {
        var book = new GatewayBook();
        var l = new GatewayLimits { CpsLimit = 2 };
        Assert.True(book.Admit("a", T0, l, false, out _).HasLine);
        Assert.True(book.Admit("b", T0, l, false, out _).HasLine);
        Assert.Equal(GatewayAdmission.CpsExceeded, book.Admit("c", T0 + 100, l, false, out _).Decision);
        Assert.Equal(2, book.LeaseCount);
        Assert.Equal(GatewayAdmission.CpsExceeded, book.Admit("c", T0 + 499, l, false, out _).Decision);
        Assert.Equal(GatewayAdmission.Admitted, book.Admit("c", T0 + 500, l, false, out _).Decision);
    }

    [Fact]
    public void A_claimed_call_without_its_line_is_forgotten_instead()
    {
        var book = new GatewayBook();
        var l = new GatewayLimits();
        book.Admit("kept", T0, l, false, out _);
        book.Admit("gone", T0, l, false, out _);
        var call = AnsweredCallGrainTests.Call("kept", "m", DateTimeOffset.FromUnixTimeMilliseconds(T0));
        Assert.True(book.Answer(call, T0 + 1000, 60_000, out _));
        Assert.True(book.Answer(call with { CallId = "gone" }, T0 + 1000, 60_000, out _));
        book.RemoveLease("gone");

        var (claimed, forgotten) = book.ClaimOverdue(T0 + 1000, 30_000, 10);
        Assert.Equal("kept", Assert.Single(claimed).CallId);
        Assert.Equal("gone", Assert.Single(forgotten));
        Assert.Equal(T0 + 31_000, book.EarliestDueMs);
    }

    [Fact]
    public void Stats_count_only_live_leases_and_the_current_second()
    {
        var book = new GatewayBook();
        var l = new GatewayLimits { LeaseTime = TimeSpan.FromSeconds(10) };
        book.Admit("a", T0, l, false, out _);
        book.Admit("b", T0 + 5000, l, false, out _);
        var stats = book.Stats("gw", T0 + 10_000, l);
        Assert.Equal(1, stats.LinesInUse);
        Assert.Equal(0, stats.CurrentCps);
        Assert.Equal(2, book.LeaseCount);
        Assert.Equal(1, book.ExpireLeases(T0 + 10_000));
    }

    [Fact]
    public void A_line_lease_costs_under_300_bytes_of_silo_heap()
    {
        const int leases = 100_000;
        var l = new GatewayLimits();
        var ids = Enumerable.Range(0, leases).Select(i => $"{i:D8}-5a1c3f9e@127.0.0.21").ToArray(); // Call-IDs exist anyway (the request)
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var book = new GatewayBook();
        foreach (var id in ids)
        {
            book.Admit(id, T0, l, false, out _);
        }

        var perLease = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)leases;
        GC.KeepAlive(book);
        output.WriteLine($"{perLease:F0} bytes of heap per line lease ({leases} leases)");
        Assert.Equal(leases, book.LeaseCount);
        Assert.InRange(perLease, 1, 300);
    }
}
