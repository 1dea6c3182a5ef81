using System.Net;
using Cluster.Edge.Metrics;
using Cluster.Edge.Provisioning;
using Cluster.Edge.Sip;
using Cluster.Edge.Verdicts;
using Cluster.Grains.Changes;
using Cluster.Grains;
using Cluster.Grains.Hosting;

namespace Cluster.Edge.Defense;

/// <summary>
/// The first application-level defence, run on the receive loop for every request before any
/// transaction or grain work: trusted sources pass; blocked sources, scanners and floods are shed
/// without an answer; with SS_REPLY_UNAUTHORIZED off, strangers get silence for everything but REGISTER
/// (which the registrar answers or ignores per account). A blocked source that stays within its budget
/// gets 403 when SS_REPLY_UNAUTHORIZED is on, silence when off.
/// </summary>
public sealed class SourceGuard(
    EdgeProvisioning provisioning,
    VerdictCache verdicts,
    SourceBudgets budgets,
    KnownSources known,
    IClusterGrains grains,
    ClusterChangesChannel changes,
    EdgeMetrics metrics)
{
    private TrustedNetworks _trusted = TrustedNetworks.None;
    private ScannerMatcher _scanners = new([]);
    private HashSet<IPAddress> _gateways = [];
    private long _version = -1;

    public GuardVerdict Check(IPAddress source, SipMessage request, long nowMs)
    {
        if (source.IsIPv4MappedToIPv6)
        {
            source = source.MapToIPv4();
        }

        var document = provisioning.Current;
        Refresh();
        // Trusted networks and provisioned gateways are never rate-limited here: a gateway has its own
        // CPS and line limits in its grain, far above what a per-address budget allows a stranger.
        if (_trusted.Contains(source) || _gateways.Contains(source))
        {
            return GuardVerdict.Pass;
        }

        switch (budgets.Take(source, nowMs, document.RateLimits))
        {
            case BudgetVerdict.Over:
                return GuardVerdict.Drop("over_local_budget");
            case BudgetVerdict.Refused:
                return GuardVerdict.Drop("source_table_full");
            case BudgetVerdict.Flood:
                Block(source, BlockReason.Flood, nowMs);
                return GuardVerdict.Drop("flood");
        }

        if (_scanners.Matches(request.UserAgent))
        {
            Block(source, BlockReason.Scanner, nowMs);
            return GuardVerdict.Drop("scanner");
        }

        if (verdicts.IsBlocked(source, nowMs))
        {
            return document.System.ReplyUnauthorized ? GuardVerdict.Refuse("blocked_source") : GuardVerdict.Drop("blocked_source");
        }

        if (!document.System.ReplyUnauthorized
            && request.Method != SipMethod.Register
            && !known.IsKnown(source, nowMs))
        {
            return GuardVerdict.Drop("unknown_source_silent");
        }

        return GuardVerdict.Pass;
    }

    /// <summary>
    /// Sources kept when the edge is overloaded: trusted networks, provisioned gateways and addresses
    /// that registered successfully here. Everyone else is shed first.
    /// </summary>
    public bool IsPrivileged(IPAddress source, long nowMs)
    {
        if (source.IsIPv4MappedToIPv6)
        {
            source = source.MapToIPv4();
        }

        Refresh();
        return _trusted.Contains(source) || _gateways.Contains(source) || known.IsKnown(source, nowMs);
    }

    /// <summary>Blocks here at once, then in the grain (the authority) and on every other edge.</summary>
    private void Block(IPAddress source, BlockReason reason, long nowMs)
    {
        var until = nowMs + (provisioning.Current.RateLimits.BlockTimeSeconds * 1000L);
        verdicts.Block(source, until, nowMs);
        _ = BlockInClusterAsync(source, reason, until, nowMs);
    }

    private async Task BlockInClusterAsync(IPAddress source, BlockReason reason, long untilMs, long nowMs)
    {
        try
        {
            await grains.GetSourceIpGrain(source).BlockAsync(DateTimeOffset.FromUnixTimeMilliseconds(untilMs), reason, DateTimeOffset.FromUnixTimeMilliseconds(nowMs)).ConfigureAwait(false);
            await changes.TryPublishAsync(ClusterChange.Block(source, untilMs)).ConfigureAwait(false);
        }
        catch (GrainUnavailableException)
        {
            // This edge still drops the source; the others learn of it when the grain is back.
            metrics.CountUnrecorded("block_not_recorded");
        }
    }

    /// <summary>Rebuilds the trusted networks and scanner patterns when provisioning changes.</summary>
    private void Refresh()
    {
        if (_version != provisioning.Version)
        {
            var networks = new List<IPNetwork>();
            foreach (var entry in provisioning.Current.Trusted)
            {
                if (TrustedNetworks.TryParseEntry(entry, out var network))
                {
                    networks.Add(network);
                }
            }

            _trusted = new TrustedNetworks(networks);
            _scanners = new ScannerMatcher(provisioning.Current.ScannerUserAgents);
            _gateways = [.. provisioning.Current.MappingGateways
                .Select(g => IPAddress.TryParse(g.Ip, out var address) ? address : null)
                .OfType<IPAddress>()];
            _version = provisioning.Version;
        }
    }
}
