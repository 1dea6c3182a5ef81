using System.Text;
using Cluster.Edge.Metrics;
using Cluster.Tests.Admin;

namespace Cluster.Tests.Metrics;

/// <summary>Drops, refusals and missed cluster writes are separate families: a drop is only what got no answer.</summary>
public sealed class EdgeMetricsTests
{
    [Fact]
    public void An_answered_refusal_is_never_a_drop_and_each_family_parses_as_prometheus_text()
    {
        var metrics = new EdgeMetrics();
        metrics.CountDrop("not_sip");
        metrics.CountRefusal("cps_exceeded");
        metrics.CountRefusalOrDrop("blocked_source", answered: true);
        metrics.CountRefusalOrDrop("blocked_source", answered: false);
        metrics.CountUnrecorded("answer_unrecorded");
        metrics.CountVendorFailover();

        var text = new StringBuilder();
        metrics.WritePrometheus(text);
        var samples = PrometheusText.Parse(text.ToString());

        Assert.Equal(1, PrometheusText.Value(samples, "sip_drops_total", ("reason", "not_sip")));
        Assert.Equal(1, PrometheusText.Value(samples, "sip_drops_total", ("reason", "blocked_source")));
        Assert.Equal(1, PrometheusText.Value(samples, "sip_refusals_total", ("reason", "blocked_source")));
        Assert.Equal(1, PrometheusText.Value(samples, "sip_refusals_total", ("reason", "cps_exceeded")));
        Assert.DoesNotContain(samples, s => s.Name == "sip_drops_total" && s.Labels["reason"] == "cps_exceeded");
        Assert.Equal(1, PrometheusText.Value(samples, "edge_unrecorded_total", ("what", "answer_unrecorded")));
        Assert.Equal(1, PrometheusText.Value(samples, "calls_vendor_failovers_total"));
        Assert.Equal((1, 1), (metrics.Drops("blocked_source"), metrics.Refusals("blocked_source")));
    }
}
