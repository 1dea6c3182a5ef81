using Cluster.Grains.Storage;
using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>
/// Orleans <see cref="IEndpointShardGrain"/>: a shell around <see cref="EndpointRules"/>. Entries live in memory;
/// every change is written to the shard's hash (<see cref="EndpointShardStore"/>) before the answer leaves and
/// only then applied in memory, so what an edge was told is what a new activation reads back. The exceptions are a
/// re-REGISTER that only refreshes its binding and a keepalive (<see cref="EndpointRules.IsRefreshOnly"/>): those are
/// written behind, every <see cref="FlushEvery"/> in one HSET for the shard and at deactivation, so a silo's death
/// costs at most that much of a refreshed expiry (issue 11 item 5), never a binding. Entries whose key
/// and nonces are over are swept once a minute by a changing turn. Rules come from the silo's
/// <see cref="GrainPolicySource"/> at the start of each turn.
/// </summary>
internal sealed class EndpointShardGrain(GrainStore store, GrainPolicySource policy, IChangeAnnouncer changes) : Grain, IEndpointShardGrain
{
    private const long SweepEveryMs = 60_000;

    /// <summary>How far the stored expiry of a refreshed binding may lag the one in memory.</summary>
    internal static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(2);

    /// <summary>User agents repeat across thousands of phones: one string each per shard, within a bound.</summary>
    private const int MaxInterned = 256;

    private readonly Dictionary<string, EndpointEntry> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _interned = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deferred = new(StringComparer.Ordinal);
    private EndpointShardStore _store = null!;
    private IGrainTimer? _flushTimer;
    private long _nextSweepMs;
    private long _lastNowMs;

    private EndpointPolicy Policy => policy.Current.Endpoint;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _store = new EndpointShardStore(store, this.GetPrimaryKeyLong());
        foreach (var (user, entry) in await _store.LoadAsync(Intern))
        {
            _users[user] = entry;
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await FlushAsync();

    public async Task<RegisterVerdict> RegisterAsync(string user, RegisterRequest request, DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        await SweepAsync(ms);
        if (request.UserAgent is { } ua)
        {
            request = request with { UserAgent = Intern(ua) };
        }

        var before = Find(user);
        var turn = EndpointRules.Register(before, request, Policy, ms);
        if (turn.Store is { } next && EndpointRules.IsRefreshOnly(before, next, ms))
        {
            Defer(user, next, ms);
        }
        else
        {
            await StoreAsync(user, turn.Store, ms);
        }

        return turn.Verdict;
    }

    public async Task<RegisterFailedVerdict> RegisterFailedAsync(string user, DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        await SweepAsync(ms);
        var turn = EndpointRules.RegisterFailed(Find(user), Policy, ms);
        await StoreAsync(user, turn.Store, ms);
        return turn.Verdict;
    }

    public async Task<int> UnregisterAsync(string user, string? contact, DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var turn = EndpointRules.Unregister(Find(user), contact, ms);
        await StoreAsync(user, turn.Store, ms);
        return turn.Verdict;
    }

    // last seen is written behind, like a refresh: losing two seconds of it to a silo's death changes nothing
    public Task<bool> KeepaliveAsync(string user, DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var turn = EndpointRules.Keepalive(Find(user), ms);
        if (turn.Store is { } next)
        {
            Defer(user, next, ms);
        }

        return Task.FromResult(turn.Verdict);
    }

    public async Task UnsuspendAsync(string user, DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        await StoreAsync(user, EndpointRules.Unsuspend(Find(user), ms), ms);
        // as the Lua turn did: every edge drops its cached suspension, whether or not there was state here
        await changes.AnnounceAsync("unsuspend ep " + user);
    }

    public Task<IReadOnlyList<Binding>> LookupAsync(string user, DateTimeOffset now) =>
        Task.FromResult(EndpointRules.Lookup(Find(user), Policy, now.ToUnixTimeMilliseconds()));

    public Task<bool> IsBoundFromAsync(string user, string source, DateTimeOffset now) =>
        Task.FromResult(EndpointRules.IsBoundFrom(Find(user), source, now.ToUnixTimeMilliseconds()));

    public Task<EndpointState> GetAsync(string user, DateTimeOffset now) =>
        Task.FromResult(EndpointRules.Get(user, Find(user), Policy, now.ToUnixTimeMilliseconds()));

    public Task<EndpointState[]> ListAsync(int limit, DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var p = Policy;
        var users = _users.Where(u => u.Value.Exists(ms)).Select(u => u.Key).ToList();
        users.Sort(StringComparer.Ordinal);
        return Task.FromResult(users.Take(Math.Max(0, limit)).Select(u => EndpointRules.Get(u, _users[u], p, ms)).ToArray());
    }

    public Task<EndpointCensus> CensusAsync(DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var p = Policy;
        int endpoints = 0, online = 0, suspended = 0;
        foreach (var (user, entry) in _users)
        {
            if (!entry.Exists(ms))
            {
                continue;
            }

            var state = EndpointRules.Get(user, entry, p, ms);
            endpoints++;
            online += state.Online ? 1 : 0;
            suspended += state.Suspended ? 1 : 0;
        }

        return Task.FromResult(new EndpointCensus(endpoints, online, suspended));
    }

    private EndpointEntry? Find(string user) => _users.GetValueOrDefault(user);

    private async Task StoreAsync(string user, EndpointEntry? next, long nowMs)
    {
        if (next is null)
        {
            return;
        }

        await _store.SaveAsync(user, next, nowMs, LongestRetainMs);
        _users[user] = next;
        _deferred.Remove(user);
        _lastNowMs = Math.Max(_lastNowMs, nowMs);
    }

    private void Defer(string user, EndpointEntry next, long nowMs)
    {
        _users[user] = next;
        _deferred.Add(user);
        _lastNowMs = Math.Max(_lastNowMs, nowMs);
        _flushTimer ??= this.RegisterGrainTimer(_ => FlushAsync(), FlushEvery, FlushEvery);
    }

    // the timer does not interleave with turns, so what it writes is what the turns left
    private async Task FlushAsync()
    {
        if (_deferred.Count > 0)
        {
            var entries = _deferred.Where(_users.ContainsKey).Select(u => (u, _users[u])).ToList();
            try
            {
                if (entries.Count > 0)
                {
                    await _store.SaveManyAsync(entries, _lastNowMs, LongestRetainMs);
                }

                _deferred.Clear();
            }
            catch (GrainUnavailableException)
            {
                return; // Redis away: kept, tried again on the next tick
            }
        }

        _flushTimer?.Dispose();
        _flushTimer = null;
    }

    private long LongestRetainMs() => _users.Count == 0 ? 0 : _users.Values.Max(e => e.RetainUntilMs);

    // O(n) once a minute keeps the shard to the accounts that still have state, without a timer per shard.
    private async Task SweepAsync(long nowMs)
    {
        if (nowMs < _nextSweepMs)
        {
            return;
        }

        _nextSweepMs = nowMs + SweepEveryMs;
        var over = _users.Where(u => u.Value.RetainUntilMs <= nowMs).Select(u => u.Key).ToList();
        if (over.Count == 0)
        {
            return;
        }

        foreach (var user in over)
        {
            _users.Remove(user);
            _deferred.Remove(user);
        }

        try
        {
            await _store.DeleteAsync([.. over.Select(u => (RedisValue)u)]);
        }
        catch (GrainUnavailableException)
        {
            // left in the hash: the next activation reads them as over and a later sweep deletes them
        }
    }

    private string Intern(string text)
    {
        if (_interned.TryGetValue(text, out var shared))
        {
            return shared;
        }

        if (_interned.Count < MaxInterned)
        {
            _interned[text] = text;
        }

        return text;
    }
}
