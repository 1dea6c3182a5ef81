using Cluster.Grains.Connection;
using Cluster.Grains.Hosting;
using System.Globalization;
using System.Text;
using Cluster.Grains;

namespace Cluster.Silo;

/// <summary>Prometheus text exposition of the silo and of every provisioned gateway's online view.</summary>
internal static class SiloMetrics
{
    public static async Task<string> RenderAsync(SiloState state, ClusterRedis grains, IClusterGrains cluster, GrainCallDeadline calls, ClusterCensus census, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        Metric(sb, "silo_redis_connected", "gauge", "1 when Redis (membership and grain storage) is connected", grains.Host.IsConnected ? 1 : 0);
        Metric(sb, "silo_grain_calls_total", "counter", "grain calls made from this silo (grains and admin API)", calls.Calls);
        Metric(sb, "silo_grain_failures_total", "counter", "grain calls from this silo that no silo or storage answered in time", calls.Failures);
        Metric(sb, "silo_provisioning_version", "gauge", "provisioning version written to Redis (0 = not yet)", state.ProvisioningVersion);
        Metric(sb, "silo_reminder_runs_total", "counter", "provisioning and cluster-key ticks run by this silo", state.ReminderRuns);
        Metric(sb, "silo_max_duration_hangups_total", "counter", "answered calls this silo ended at their maximum duration", state.Hangups);

        var names = state.Provisioning.MappingGateways.Select(g => g.Name).Concat(state.Provisioning.RoutingGateways.Select(g => g.Name)).ToList();
        var stats = new List<GatewayStats>();
        try
        {
            stats.AddRange(await Task.WhenAll(names.Select(name => state.GrainLatency.TimeAsync(() => cluster.GetGatewayGrain(name).StatsAsync(now)))).ConfigureAwait(false));
        }
        catch (GrainUnavailableException)
        {
            // the silo's own metrics stay scrapeable while grains are away; gateway series just go missing
            stats.Clear();
        }

        GatewaySeries(sb, stats, "gateway_lines_in_use", "gauge", "calls holding a line", s => s.LinesInUse);
        GatewaySeries(sb, stats, "gateway_line_limit", "gauge", "provisioned line limit (0 = unlimited)", s => s.LineLimit);
        GatewaySeries(sb, stats, "gateway_cps_current", "gauge", "calls admitted in the current second", s => s.CurrentCps);
        GatewaySeries(sb, stats, "gateway_asr", "gauge", "answer-seizure ratio over the window", s => s.Asr);
        GatewaySeries(sb, stats, "gateway_acd_seconds", "gauge", "average call duration over the window", s => s.Acd.TotalSeconds);
        GatewaySeries(sb, stats, "gateway_online", "gauge", "1 when the gateway is considered online", s => s.Online ? 1 : 0);
        GatewaySeries(sb, stats, "gateway_cps_limit", "gauge", "provisioned calls per second (0 = unlimited)", s => s.CpsLimit);
        GatewaySeries(sb, stats, "gateway_attempts", "gauge", "call attempts over the statistics window", s => s.Attempts);
        GatewaySeries(sb, stats, "gateway_answered", "gauge", "answered calls over the statistics window", s => s.Answered);
        Metric(sb, "silo_lines_in_use", "gauge", "calls holding a line, all gateways", stats.Sum(s => s.LinesInUse));

        // counts from a bounded scan, at most once per reminder interval; absent until the first scan succeeded
        if (await census.GetAsync().ConfigureAwait(false) is { } c)
        {
            Metric(sb, "silo_blocked_sources", "gauge", "source IPs on the dynamic blacklist", c.BlockedSources);
            Metric(sb, "silo_source_grains", "gauge", "source IP grains alive (recently active sources)", c.SourcesSeen);
            Metric(sb, "silo_suspended_endpoints", "gauge", "endpoints suspended after failed registrations", c.SuspendedEndpoints);
            Metric(sb, "silo_online_endpoints", "gauge", "endpoints with a live binding heard from within SS_ENDPOINTTIMETOLIVE", c.OnlineEndpoints);
            Metric(sb, "silo_endpoint_grains", "gauge", "endpoint grains alive", c.EndpointsSeen);
            Metric(sb, "silo_census_truncated", "gauge", "1 when the scan hit its bound and the counts above are lower bounds", c.Truncated ? 1 : 0);
            Metric(sb, "silo_census_age_seconds", "gauge", "age of the counts above", Math.Max(0, (now - c.At).TotalSeconds));
        }

        state.GrainLatency.Render(sb, "silo_grain_call_duration_seconds", "latency of grain calls made by this silo (admin API, census, metrics, lease sweep)");
        return sb.ToString();
    }

    private static void Metric(StringBuilder sb, string name, string type, string help, double value)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        sb.Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static void GatewaySeries(StringBuilder sb, List<GatewayStats> stats, string name, string type, string help, Func<GatewayStats, double> value)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var s in stats)
        {
            sb.Append(name).Append("{gateway=\"").Append(s.Name).Append("\"} ")
              .Append(value(s).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}
