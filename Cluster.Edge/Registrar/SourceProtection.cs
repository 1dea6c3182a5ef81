using System.Net;
using Cluster.Edge.Verdicts;
using Cluster.Grains.Changes;
using Cluster.Grains;
using Cluster.Grains.Hosting;

namespace Cluster.Edge.Registrar;

/// <summary>
/// The edge's side of SS_AUTHENTICATION_MAX_RETRY and SS_ENDPOINTREGISTERSUSPEND, shared by REGISTER and INVITE: a
/// block or suspension a grain turn reports is cached here and, when new, announced on <c>cluster:changes</c>, so
/// every edge (this one included) drops the source at once and logs <c>cluster change applied: block ip …</c>.
/// Whatever failed login caused it, the block looks the same to operators.
/// </summary>
internal sealed class SourceProtection(IClusterGrains grains, VerdictCache verdicts, ClusterChangesChannel changes)
{
    /// <summary>Counts one failed login (a wrong password) on the source IP grain; true when the source is now blocked.</summary>
    public async Task<bool> AuthFailedAsync(IPAddress source, long nowMs)
    {
        var verdict = await grains.GetSourceIpGrain(source).AuthFailedAsync(DateTimeOffset.FromUnixTimeMilliseconds(nowMs)).ConfigureAwait(false);
        return await RememberBlockAsync(source, verdict, nowMs).ConfigureAwait(false);
    }

    /// <summary>Caches a block the grain reported and tells the other edges when it is new; true when the source is blocked.</summary>
    public async Task<bool> RememberBlockAsync(IPAddress source, SourceIpVerdict verdict, long nowMs)
    {
        if (verdict.Decision is not (SourceIpDecision.Blocked or SourceIpDecision.NewlyBlocked) || verdict.BlockedUntil is not { } until)
        {
            return false;
        }

        verdicts.Block(source, until.ToUnixTimeMilliseconds(), nowMs);
        if (verdict.Decision == SourceIpDecision.NewlyBlocked)
        {
            await changes.TryPublishAsync(ClusterChange.Block(source, until.ToUnixTimeMilliseconds())).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Caches a suspension the endpoint grain reported and tells the other edges.</summary>
    public async Task RememberSuspensionAsync(string user, DateTimeOffset? until, long nowMs)
    {
        if (until is { } suspendedUntil)
        {
            verdicts.Suspend(user, suspendedUntil.ToUnixTimeMilliseconds(), nowMs);
            await changes.TryPublishAsync(ClusterChange.Suspend(user, suspendedUntil.ToUnixTimeMilliseconds())).ConfigureAwait(false);
        }
    }
}
