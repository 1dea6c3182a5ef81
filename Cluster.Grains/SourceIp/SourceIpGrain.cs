using System.Net;
using Cluster.Grains.Hosting;
using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>Redis-hosted <see cref="ISourceIpGrain"/>: argument marshalling around the Lua turns.</summary>
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

        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.SourceIp, _keys,
        [
            "admit", now.ToUnixTimeMilliseconds(), (int)kind,
            p.AllSip.RatePerSecond, p.AllSip.Burst,
            p.Register.RatePerSecond, p.Register.Burst,
            p.Invite.RatePerSecond, p.Invite.Burst,
            (long)p.PikeSamplingUnit.TotalMilliseconds, p.PikeDensity, p.PikeHotUnits,
            (long)p.BlockTime.TotalMilliseconds, (long)p.IdleExpiry.TotalMilliseconds,
        ]).ConfigureAwait(false));
        return ToVerdict(r);
    }

    public async Task<SourceIpVerdict> AuthFailedAsync(DateTimeOffset now)
    {
        var p = _policy();
        if (p.Trusted.Contains(_address))
        {
            return SourceIpVerdict.TrustedSource;
        }

        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.SourceIp, _keys,
        [
            "auth_failed", now.ToUnixTimeMilliseconds(), p.AuthenticationMaxRetry, p.AuthenticationFailedSuspend ? 1 : 0,
            (long)p.AuthFailureWindow.TotalMilliseconds, (long)p.BlockTime.TotalMilliseconds,
            (long)p.IdleExpiry.TotalMilliseconds,
        ]).ConfigureAwait(false));
        return ToVerdict(r) with { AuthFailures = (int)RedisResults.Long(r, 3) };
    }

    public async Task<SourceIpVerdict> BlockAsync(DateTimeOffset until, BlockReason reason, DateTimeOffset now)
    {
        if (reason == BlockReason.None)
        {
            throw new ArgumentException("a block needs a reason", nameof(reason));
        }

        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.SourceIp, _keys,
        [
            "block", now.ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds(), BlockReasonCodes.ToCode(reason),
            (long)_policy().IdleExpiry.TotalMilliseconds,
        ]).ConfigureAwait(false));
        return ToVerdict(r);
    }

    public async Task UnblockAsync() =>
        await _host.RunAsync(GrainScripts.SourceIp, _keys,
            ["unblock", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), GrainKeys.ChangesChannel, _address.ToString()]).ConfigureAwait(false);

    public async Task<SourceIpState> GetAsync(DateTimeOffset now)
    {
        var p = _policy();
        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.SourceIp, _keys,
            ["get", now.ToUnixTimeMilliseconds(), (long)p.PikeSamplingUnit.TotalMilliseconds]).ConfigureAwait(false));
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

    private static SourceIpVerdict ToVerdict(RedisResult[] r) => new(
        (SourceIpDecision)RedisResults.Long(r, 0),
        BlockReasonCodes.FromCode(RedisResults.Text(r, 1)),
        RedisResults.Time(r, 2));
}
