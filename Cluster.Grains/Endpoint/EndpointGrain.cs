using Cluster.Grains.Hosting;
using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>Redis-hosted <see cref="IEndpointGrain"/>.</summary>
internal sealed class EndpointGrain : IEndpointGrain
{
    private readonly GrainHostClient _host;
    private readonly string _user;
    private readonly Func<EndpointPolicy> _policy;
    private readonly RedisKey[] _keys;
    private readonly RedisKey[] _registerKeys;

    public EndpointGrain(GrainHostClient host, string user, Func<EndpointPolicy> policy)
    {
        _host = host;
        _user = user;
        _policy = policy;
        _keys = [GrainKeys.Endpoint(user)];
        _registerKeys = [GrainKeys.Endpoint(user), GrainKeys.EndpointNonces(user)];
    }

    public async Task<RegisterVerdict> RegisterAsync(RegisterRequest request, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.Contact);
        var p = _policy();
        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.Endpoint, _registerKeys,
        [
            "register", now.ToUnixTimeMilliseconds(), request.Contact, request.Source, (long)request.Expires.TotalMilliseconds,
            request.CallId, request.CSeq, request.UserAgent ?? string.Empty,
            p.RegisterReplace ? 1 : 0, p.MaxBindings, (long)p.SuspendTime.TotalMilliseconds,
            request.Nonce, request.NonceCount, Math.Max(1000L, (long)request.NonceMemory.TotalMilliseconds),
        ]).ConfigureAwait(false));
        var contacts = new List<BoundContact>((r.Length - 4) / 2);
        for (var i = 4; i + 1 < r.Length; i += 2)
        {
            contacts.Add(new BoundContact(RedisResults.Text(r, i), DateTimeOffset.FromUnixTimeMilliseconds(RedisResults.Long(r, i + 1))));
        }

        return new RegisterVerdict(
            (RegisterOutcome)RedisResults.Long(r, 0),
            (int)RedisResults.Long(r, 1),
            (int)RedisResults.Long(r, 2),
            RedisResults.Time(r, 3))
        {
            Contacts = contacts,
        };
    }

    public async Task<RegisterFailedVerdict> RegisterFailedAsync(DateTimeOffset now)
    {
        var p = _policy();
        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.Endpoint, _keys,
        [
            "register_failed", now.ToUnixTimeMilliseconds(), p.RegisterRetry, p.RegisterSuspend ? 1 : 0,
            (long)p.SuspendTime.TotalMilliseconds, (long)p.SuspendTime.TotalMilliseconds,
        ]).ConfigureAwait(false));
        return new RegisterFailedVerdict(
            (int)RedisResults.Long(r, 0),
            RedisResults.Long(r, 1) == 1,
            RedisResults.Long(r, 2) == 1,
            RedisResults.Time(r, 3));
    }

    public async Task<int> UnregisterAsync(string? contact, DateTimeOffset now) =>
        (int)(long)await _host.RunAsync(GrainScripts.Endpoint, _keys, ["unregister", now.ToUnixTimeMilliseconds(), contact ?? "*"]).ConfigureAwait(false);

    public async Task<bool> KeepaliveAsync(DateTimeOffset now) =>
        (long)await _host.RunAsync(GrainScripts.Endpoint, _keys, ["keepalive", now.ToUnixTimeMilliseconds()]).ConfigureAwait(false) == 1;

    public async Task<IReadOnlyList<Binding>> LookupAsync(DateTimeOffset now)
    {
        var state = await GetAsync(now).ConfigureAwait(false);
        return state.Online && !state.Suspended ? state.Bindings : [];
    }

    public async Task<bool> IsBoundFromAsync(string source, DateTimeOffset now) =>
        (long)await _host.RunAsync(GrainScripts.Endpoint, _keys, ["bound_from", now.ToUnixTimeMilliseconds(), source]).ConfigureAwait(false) == 1;

    public async Task UnsuspendAsync() =>
        await _host.RunAsync(GrainScripts.Endpoint, _keys, ["unsuspend", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), GrainKeys.ChangesChannel, _user]).ConfigureAwait(false);

    public async Task<EndpointState> GetAsync(DateTimeOffset now)
    {
        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.Endpoint, _keys, ["get", now.ToUnixTimeMilliseconds()]).ConfigureAwait(false));
        var count = (int)RedisResults.Long(r, 3);
        var bindings = new List<Binding>(count);
        for (var i = 0; i < count; i++)
        {
            var o = 4 + (i * 7);
            bindings.Add(new Binding(
                RedisResults.Text(r, o),
                RedisResults.Text(r, o + 4),
                DateTimeOffset.FromUnixTimeMilliseconds(RedisResults.Long(r, o + 1)),
                RedisResults.Text(r, o + 3),
                RedisResults.Long(r, o + 2),
                RedisResults.Text(r, o + 5),
                DateTimeOffset.FromUnixTimeMilliseconds(RedisResults.Long(r, o + 6))));
        }

        var lastSeen = RedisResults.Time(r, 2);
        return new EndpointState(
            _user,
            bindings,
            (int)RedisResults.Long(r, 1),
            RedisResults.Time(r, 0),
            lastSeen,
            EndpointFreshness.IsOnline(bindings.Count, lastSeen, _policy().TimeToLive, now));
    }
}
