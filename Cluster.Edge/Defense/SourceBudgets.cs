using System.Collections.Concurrent;
using System.Net;
using Cluster.Grains;
using Cluster.Grains.Provisioning;

namespace Cluster.Edge.Defense;

/// <summary>
/// The local stage of per-source rate limiting: a token bucket per source address on this edge
/// (all SIP, default 20/s burst 50), checked on the receive loop with no Redis call, so a flood is shed
/// where it lands. Also keeps pike-style overflow counts: a source that overflows its bucket more than
/// <c>pike.density</c> times per sampling unit for <c>pike.hot_units</c> units in a row is reported as
/// a flood. Bounded: past <see cref="Capacity"/> sources, idle ones are purged first, then new sources
/// are refused (a spoofed-address flood cannot grow memory without bound).
/// </summary>
public sealed class SourceBudgets(int capacity = 200_000)
{
    private readonly ConcurrentDictionary<IPAddress, Budget> _budgets = new();

    public int Capacity { get; } = capacity;

    public int Count => _budgets.Count;

    public BudgetVerdict Take(IPAddress source, long nowMs, RateLimits limits)
    {
        if (!_budgets.TryGetValue(source, out var budget))
        {
            if (_budgets.Count >= Capacity && !Purge(nowMs, limits))
            {
                return BudgetVerdict.Refused;
            }

            budget = _budgets.GetOrAdd(source, static (_, burst) => new Budget(burst), limits.AllSip.Burst);
        }

        lock (budget)
        {
            return budget.Take(nowMs, limits);
        }
    }

    public void Forget(IPAddress source) => _budgets.TryRemove(source, out _);

    private bool Purge(long nowMs, RateLimits limits)
    {
        var idleMs = limits.IdleExpirySeconds * 1000L;
        foreach (var (address, budget) in _budgets)
        {
            if (nowMs - Volatile.Read(ref budget.LastSeenMs) > idleMs)
            {
                _budgets.TryRemove(KeyValuePair.Create(address, budget));
            }
        }

        return _budgets.Count < Capacity;
    }

    private sealed class Budget(double burst)
    {
        public long LastSeenMs;
        private double _tokens = burst;
        private long _unit = -1;
        private int _overflowsInUnit;
        private int _hotUnits;

        public BudgetVerdict Take(long nowMs, RateLimits limits)
        {
            var spec = limits.AllSip;
            if (LastSeenMs != 0)
            {
                _tokens = Math.Min(spec.Burst, _tokens + ((nowMs - LastSeenMs) * spec.RatePerSecond / 1000.0));
            }

            LastSeenMs = nowMs;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return BudgetVerdict.Within;
            }

            // Pike: count overflows per sampling unit; consecutive hot units make a flood.
            var unit = nowMs / (limits.PikeSamplingUnitSeconds * 1000L);
            if (unit != _unit)
            {
                _hotUnits = unit == _unit + 1 && _overflowsInUnit > limits.PikeDensity ? _hotUnits : 0;
                _unit = unit;
                _overflowsInUnit = 0;
            }

            if (++_overflowsInUnit == limits.PikeDensity + 1 && ++_hotUnits >= limits.PikeHotUnits)
            {
                _hotUnits = 0;
                return BudgetVerdict.Flood;
            }

            return BudgetVerdict.Over;
        }
    }
}
