using System.Net;
using Cluster.Grains.Hosting;
using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>Redis-hosted <see cref="ISourceIpGrain"/>: argument marshalling around source_ip.lua.</summary>
internal sealed class SourceIpGrain : ISourceIpGrain
{
    private readonly GrainHostClient _host;
    private readonly IPAddress _address;
    private readonly Func<SourceIpPolicy> _policy;
    private readonly RedisKey[] _keys;

    public SourceIpGrain(GrainHostClient host, IPAddress address, Func<SourceIpPolicy> policy)
    {
        _host = host;
        _address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        _policy = policy;
        _keys = [GrainKeys.SourceIp(_address)];
    }

    public async Task<SourceIpVerdict> AdmitAsync(SipRequestKind kind, DateTimeOffset now)
    {
        var p = _policy();
        if (p.Trusted.Contains(_address))
        {
            return SourceIpVerdict.TrustedSource;
        }

        var r = await RunAsync("admit", now, p, (int)kind).ConfigureAwait(false);
        return ToVerdict(r);
    }

    public async Task<SourceIpVerdict> AuthFailedAsync(DateTimeOffset now)
    {
        var p = _policy();
        if (p.Trusted.Contains(_address))
        {
            return SourceIpVerdict.TrustedSource;
        }

        var r = await RunAsync("auth_failed", now, p).ConfigureAwait(false);
        return ToVerdict(r) with { AuthFailures = (int)RedisResults.Long(r, 3) };
    }

    public async Task<SourceIpVerdict> BlockAsync(DateTimeOffset until, BlockReason reason, DateTimeOffset now)
    {
        if (reason == BlockReason.None)
        {
            throw new ArgumentException("a block needs a reason", nameof(reason));
        }

        var r = await RunAsync("block", now, _policy(), until.ToUnixTimeMilliseconds(), BlockReasonCodes.ToCode(reason)).ConfigureAwait(false);
        return ToVerdict(r);
    }

    // Unblock has no 'now' in its contract (ops call it); the clock only decides the unused return value.
    public Task UnblockAsync() =>
        _host.RunAsync(GrainScripts.SourceIp, _keys,
            ["unblock", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), PolicyBlobs.For(_policy()), GrainKeys.ChangesChannel, _address.ToString()]);

    public async Task<SourceIpState> GetAsync(DateTimeOffset now)
    {
        var p = _policy();
        var r = await RunAsync("get", now, p).ConfigureAwait(false);
        var until = RedisResults.Time(r, 0);
        return new SourceIpState(
            _address.ToString(),
            p.Trusted.Contains(_address),
            until is not null,
            BlockReasonCodes.FromCode(RedisResults.Text(r, 1)),
            until,
            (int)RedisResults.Long(r, 2),
            (int)RedisResults.Long(r, 3),
            (int)RedisResults.Long(r, 4));
    }

    private async Task<RedisResult[]> RunAsync(string method, DateTimeOffset now, SourceIpPolicy policy, params RedisValue[] extra)
    {
        var args = new RedisValue[3 + extra.Length];
        args[0] = method;
        args[1] = now.ToUnixTimeMilliseconds();
        args[2] = PolicyBlobs.For(policy);
        extra.CopyTo(args, 3);
        return RedisResults.Array(await _host.RunAsync(GrainScripts.SourceIp, _keys, args).ConfigureAwait(false));
    }

    private static SourceIpVerdict ToVerdict(RedisResult[] r) => new(
        (SourceIpDecision)RedisResults.Long(r, 0),
        BlockReasonCodes.FromCode(RedisResults.Text(r, 1)),
        RedisResults.Time(r, 2));
}
