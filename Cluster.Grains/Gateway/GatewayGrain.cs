using Cluster.Grains.Hosting;
using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>Redis-hosted <see cref="IGatewayGrain"/>.</summary>
internal sealed class GatewayGrain : IGatewayGrain
{
    private readonly GrainHostClient _host;
    private readonly string _name;
    private readonly Func<GatewayLimits> _limits;
    private readonly RedisKey[] _keys;

    public GatewayGrain(GrainHostClient host, string name, Func<GatewayLimits> limits)
    {
        _host = host;
        _name = name;
        _limits = limits;
        _keys = [GrainKeys.Gateway(name), GrainKeys.GatewayLines(name), GrainKeys.GatewayAdmission(name), GrainKeys.GatewayDueCalls(name), GrainKeys.GatewayCalls(name)];
    }

    public Task<GatewayAdmitVerdict> AdmitAsync(string callId, DateTimeOffset now) => AdmitAsync(callId, now, requireOnline: false);

    public Task<GatewayAdmitVerdict> AdmitOnlineAsync(string callId, DateTimeOffset now) => AdmitAsync(callId, now, requireOnline: true);

    private async Task<GatewayAdmitVerdict> AdmitAsync(string callId, DateTimeOffset now, bool requireOnline)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        var l = _limits();
        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.Gateway, _keys,
        [
"admit", now.ToUnixTimeMilliseconds(), PolicyBlobs.For(l), callId, requireOnline ? 1 : 0]).ConfigureAwait(false));
        return new GatewayAdmitVerdict((GatewayAdmission)RedisResults.Long(r, 0), (int)RedisResults.Long(r, 1));
    }

    public async Task<bool> ReleaseAsync(string callId, CallOutcome outcome, TimeSpan duration, DateTimeOffset now)
    {
        var l = _limits();
        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.Gateway, _keys,
        [
            "release", now.ToUnixTimeMilliseconds(), callId, (int)outcome, (long)duration.TotalMilliseconds,
            (long)l.StatsBucket.TotalMilliseconds, l.StatsBuckets, KeepMs(l),
        ]).ConfigureAwait(false));
        return RedisResults.Long(r, 0) == 1;
    }

    public async Task<bool> AnsweredAsync(AnsweredCall call, DateTimeOffset dueAt, TimeSpan grace, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(call);
        var r = await _host.RunAsync(GrainScripts.Gateway, _keys,
        [
            "answer", now.ToUnixTimeMilliseconds(), call.CallId, dueAt.ToUnixTimeMilliseconds(), (long)grace.TotalMilliseconds, call.Encode(),
        ]).ConfigureAwait(false);
        return (long)r == 1;
    }

    public async Task<IReadOnlyList<AnsweredCall>> ClaimOverdueAsync(DateTimeOffset now, TimeSpan retryAfter, int max)
    {
        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.Gateway, _keys,
            ["claim_due", now.ToUnixTimeMilliseconds(), (long)retryAfter.TotalMilliseconds, max]).ConfigureAwait(false));
        var calls = new List<AnsweredCall>(r.Length);
        foreach (var record in r)
        {
            if (AnsweredCall.Decode((string?)record ?? string.Empty) is { } call)
            {
                calls.Add(call);
            }
        }

        return calls;
    }

    public async Task<IReadOnlyList<DueCall>> ListAnsweredAsync(DateTimeOffset now, int max)
    {
        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.Gateway, _keys, ["list_calls", now.ToUnixTimeMilliseconds(), max]).ConfigureAwait(false));
        var calls = new List<DueCall>(r.Length / 2);
        for (var i = 0; i + 1 < r.Length; i += 2)
        {
            if (AnsweredCall.Decode((string?)r[i] ?? string.Empty) is { } call && long.TryParse((string?)r[i + 1], out var dueMs))
            {
                calls.Add(new DueCall(call, DateTimeOffset.FromUnixTimeMilliseconds(dueMs)));
            }
        }

        return calls;
    }

    public async Task<bool> HangupNowAsync(string callId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return (long)await _host.RunAsync(GrainScripts.Gateway, _keys, ["hangup_now", now.ToUnixTimeMilliseconds(), callId]).ConfigureAwait(false) == 1;
    }

    public async Task<ProbeVerdict> ProbeResultAsync(bool ok, TimeSpan rtt, DateTimeOffset now)
    {
        var l = _limits();
        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.Gateway, _keys,
        [
            "probe", now.ToUnixTimeMilliseconds(), ok ? 1 : 0, (long)rtt.TotalMilliseconds, l.ProbeDownAfter, l.ProbeUpAfter, KeepMs(l),
        ]).ConfigureAwait(false));
        return new ProbeVerdict(RedisResults.Long(r, 0) == 1, RedisResults.Long(r, 1) == 1, (int)RedisResults.Long(r, 2), (int)RedisResults.Long(r, 3));
    }

    public async Task<GatewayStats> StatsAsync(DateTimeOffset now)
    {
        var l = _limits();
        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.Gateway, _keys,
            ["stats", now.ToUnixTimeMilliseconds(), (long)l.StatsBucket.TotalMilliseconds, l.StatsBuckets]).ConfigureAwait(false));
        var attempts = RedisResults.Long(r, 1);
        var answered = RedisResults.Long(r, 2);
        var rtt = RedisResults.Long(r, 5);
        return new GatewayStats(
            _name,
            (int)RedisResults.Long(r, 0),
            l.LineLimit,
            l.CpsLimit,
            (int)RedisResults.Long(r, 7),
            attempts,
            answered,
            CallQuality.Asr(attempts, answered),
            CallQuality.Acd(answered, RedisResults.Long(r, 3)),
            RedisResults.Long(r, 4) == 1,
            rtt >= 0 ? TimeSpan.FromMilliseconds(rtt) : null,
            RedisResults.Time(r, 6));
    }

    public async Task<int> ExpireLeasesAsync(DateTimeOffset now) =>
        (int)(long)await _host.RunAsync(GrainScripts.Gateway, _keys, ["expire_leases", now.ToUnixTimeMilliseconds()]).ConfigureAwait(false);

    // Statistics and probe state must outlive the window and a few probe intervals, then go.
    private static long KeepMs(GatewayLimits l) =>
        Math.Max((long)(l.StatsBucket.TotalMilliseconds * (l.StatsBuckets + 1)), 3_600_000);
}
