namespace Cluster.Grains;

/// <summary>
/// The source IP rules, applied to one <see cref="SourceIpEntry"/> at a time: pure (no Orleans, no I/O, time from
/// <c>nowMs</c>), so every branch is unit-testable. Ported line by line from the Lua turn it replaces; each method
/// says whether it changed what must survive a silo (<see cref="HasDurableChange"/> callers write it first).
/// <list type="bullet">
/// <item>Token buckets all-SIP, REGISTER and INVITE in millitokens, refilled at rate × elapsed ms, floored.</item>
/// <item>Pike: requests per sampling unit; the request that takes a unit over the density makes it hot; a streak of
/// hot units survives only into the directly following unit, and only if that unit was hot; hot_units in a row
/// block the source as <see cref="BlockReason.Flood"/>. Blocked requests count nothing.</item>
/// <item>Auth failures count in a window opened by the first failure; at SS_AUTHENTICATION_MAX_RETRY the source
/// is blocked as <see cref="BlockReason.AuthFailures"/> when SS_AUTHENTICATION_FAILED_SUSPEND is on.</item>
/// <item>An entry is forgotten (back to <see cref="SourceIpEntry.Fresh"/>) at max(last turn + idle expiry, block
/// end, failure window end). The Lua key lived up to half an idle period longer (slack that saved Redis an expiry
/// update per turn); here the expiry is exact.</item>
/// </list>
/// </summary>
internal static class SourceIpRules
{
    /// <summary>The entry as a turn at <paramref name="nowMs"/> sees it: forgotten state reads as fresh.</summary>
    public static SourceIpEntry Current(in SourceIpEntry entry, long nowMs)
    {
        if (entry.ExpiresAtMs > nowMs)
        {
            return entry;
        }

        var fresh = SourceIpEntry.Fresh;
        fresh.Stored = entry.Stored;
        return fresh;
    }

    public static bool IsForgotten(in SourceIpEntry entry, long nowMs) => entry.ExpiresAtMs <= nowMs;

    /// <summary>Counts one request of <paramref name="kind"/>; may block on persistent overflow (a durable change).</summary>
    public static SourceIpVerdict Admit(ref SourceIpEntry s, SipRequestKind kind, SourceIpPolicy p, long nowMs, out bool durableChange)
    {
        durableChange = false;
        if (s.BlockedUntilMs > nowMs)
        {
            return Blocked(in s);
        }

        var unit = FloorDiv(nowMs, UnitMs(p));
        if (s.PikeUnit != unit)
        {
            if (!(s.PikeUnit == unit - 1 && s.PikeCount > p.PikeDensity))
            {
                s.HotUnits = 0;
            }

            s.PikeUnit = unit;
            s.PikeCount = 0;
        }

        s.PikeCount++;
        if (p.PikeDensity > 0 && s.PikeCount == p.PikeDensity + 1)
        {
            s.HotUnits++;
            if (s.HotUnits >= p.PikeHotUnits)
            {
                s.BlockedUntilMs = nowMs + Ms(p.BlockTime);
                s.Reason = BlockReason.Flood;
                s.PikeCount = 0;
                s.HotUnits = 0;
                Touch(ref s, p, nowMs);
                durableChange = true;
                return new SourceIpVerdict(SourceIpDecision.NewlyBlocked, BlockReason.Flood, Time(s.BlockedUntilMs));
            }
        }

        var decision = SourceIpDecision.Admitted;
        if (p.AllSip.Enabled && !Take(ref s.AllTokens, ref s.AllStampMs, p.AllSip, nowMs))
        {
            decision = SourceIpDecision.Throttled;
        }

        if (decision == SourceIpDecision.Admitted && kind != SipRequestKind.Other)
        {
            var taken = kind == SipRequestKind.Invite
                ? !p.Invite.Enabled || Take(ref s.InviteTokens, ref s.InviteStampMs, p.Invite, nowMs)
                : !p.Register.Enabled || Take(ref s.RegisterTokens, ref s.RegisterStampMs, p.Register, nowMs);
            if (!taken)
            {
                decision = SourceIpDecision.Throttled;
            }
        }

        Touch(ref s, p, nowMs);
        return new SourceIpVerdict(decision, BlockReason.None, null);
    }

    /// <summary>Counts a failed digest authentication (always a durable change unless the source is blocked).</summary>
    public static SourceIpVerdict AuthFailed(ref SourceIpEntry s, SourceIpPolicy p, long nowMs, out bool durableChange)
    {
        durableChange = false;
        if (s.BlockedUntilMs > nowMs)
        {
            return Blocked(in s) with { AuthFailures = s.AuthFailures };
        }

        if (s.AuthWindowEndMs <= nowMs)
        {
            s.AuthFailures = 0;
            s.AuthWindowEndMs = nowMs + Ms(p.AuthFailureWindow);
        }

        s.AuthFailures++;
        var failures = s.AuthFailures;
        durableChange = true;
        if (p.AuthenticationFailedSuspend && p.AuthenticationMaxRetry > 0 && failures >= p.AuthenticationMaxRetry)
        {
            s.BlockedUntilMs = nowMs + Ms(p.BlockTime);
            s.Reason = BlockReason.AuthFailures;
            s.AuthFailures = 0;
            s.AuthWindowEndMs = 0;
            Touch(ref s, p, nowMs);
            return new SourceIpVerdict(SourceIpDecision.NewlyBlocked, BlockReason.AuthFailures, Time(s.BlockedUntilMs), failures);
        }

        Touch(ref s, p, nowMs);
        return new SourceIpVerdict(SourceIpDecision.Admitted, BlockReason.None, null, failures);
    }

    /// <summary>Puts the source on the blacklist until <paramref name="untilMs"/> (a durable change).</summary>
    public static SourceIpVerdict Block(ref SourceIpEntry s, long untilMs, BlockReason reason, SourceIpPolicy p, long nowMs)
    {
        if (reason == BlockReason.None)
        {
            throw new ArgumentException("a block needs a reason", nameof(reason));
        }

        s.BlockedUntilMs = untilMs;
        s.Reason = reason;
        Touch(ref s, p, nowMs);
        return new SourceIpVerdict(SourceIpDecision.Blocked, reason, Time(untilMs));
    }

    /// <summary>What ops see; <paramref name="s"/> as <see cref="Current"/> gives it.</summary>
    public static SourceIpState View(in SourceIpEntry s, string address, bool trusted, SourceIpPolicy p, long nowMs)
    {
        var blockedUntil = s.BlockedUntilMs > nowMs ? s.BlockedUntilMs : 0;
        return new SourceIpState(
            address,
            trusted,
            blockedUntil > 0,
            blockedUntil > 0 ? s.Reason : BlockReason.None,
            Time(blockedUntil),
            s.AuthWindowEndMs > nowMs ? s.AuthFailures : 0,
            s.PikeUnit == FloorDiv(nowMs, UnitMs(p)) ? s.PikeCount : 0,
            s.HotUnits);
    }

    /// <summary>True while the entry holds something a silo's death must not lose: an open block or failure count.</summary>
    public static bool HasDurableState(in SourceIpEntry s, long nowMs) =>
        s.BlockedUntilMs > nowMs || (s.AuthWindowEndMs > nowMs && s.AuthFailures > 0);

    /// <summary>An entry rebuilt from its Redis record after a reactivation: buckets and pike start full and empty.</summary>
    public static SourceIpEntry Restored(long blockedUntilMs, BlockReason reason, int authFailures, long authWindowEndMs)
    {
        var s = SourceIpEntry.Fresh;
        s.BlockedUntilMs = blockedUntilMs;
        s.Reason = reason;
        s.AuthFailures = authFailures;
        s.AuthWindowEndMs = authWindowEndMs;
        s.ExpiresAtMs = Math.Max(blockedUntilMs, authWindowEndMs);
        s.Stored = true;
        return s;
    }

    // refill, then take one token (1000 millitokens); false when empty
    private static bool Take(ref long tokens, ref long stampMs, TokenBucketSpec spec, long nowMs)
    {
        var cap = spec.Burst * 1000L;
        if (tokens < 0)
        {
            tokens = cap;
            stampMs = nowMs;
        }

        if (nowMs > stampMs)
        {
            tokens = Math.Min(cap, tokens + (long)Math.Floor((nowMs - stampMs) * spec.RatePerSecond));
            stampMs = nowMs;
        }

        if (tokens >= 1000)
        {
            tokens -= 1000;
            return true;
        }

        return false;
    }

    // keeps the entry while a block or a failure window is open, otherwise until it has been idle for the idle expiry
    private static void Touch(ref SourceIpEntry s, SourceIpPolicy p, long nowMs)
    {
        var ttl = Math.Max(Ms(p.IdleExpiry), Math.Max(s.BlockedUntilMs - nowMs, s.AuthWindowEndMs - nowMs));
        s.ExpiresAtMs = Math.Max(s.ExpiresAtMs, nowMs + Math.Max(ttl, 1));
    }

    private static SourceIpVerdict Blocked(in SourceIpEntry s) =>
        new(SourceIpDecision.Blocked, s.Reason, Time(s.BlockedUntilMs));

    private static long UnitMs(SourceIpPolicy p) => Math.Max(1, (long)p.PikeSamplingUnit.TotalMilliseconds);

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static DateTimeOffset? Time(long ms) => ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
