using System.Text;

namespace Cluster.Edge.Metrics;

/// <summary>
/// Counters of one edge process, rendered as Prometheus text. Counting is lock-free and allocation-free
/// on the hot path: methods and codes index fixed arrays; drop and refusal reasons are a small set of constant strings.
/// </summary>
public sealed class EdgeMetrics
{
    // Known request methods get their own slot; anything else counts as "OTHER" so a scanner
    // inventing method names cannot grow the metric's cardinality.
    private static readonly string[] s_methods =
        ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE", "OTHER"];

    private static readonly byte[][] s_methodBytes = s_methods.Select(Encoding.ASCII.GetBytes).ToArray();

    private readonly long[] _requests = new long[s_methods.Length];
    private readonly long[] _responses = new long[700];
    private readonly LabeledCounters _drops = new("sip_drops_total", "reason", "SIP messages that got no answer, by reason.");
    private readonly LabeledCounters _refusals = new(
        "sip_refusals_total", "reason", "SIP requests the edge refused with an answer (its code is in sip_responses_total), by reason.");
    private readonly LabeledCounters _unrecorded = new(
        "edge_unrecorded_total", "what", "Cluster writes this edge could not make (Redis away), by what; leases and blocks expire by themselves.");
    private long _received;
    private long _vendorFailovers;
    private long _retransmissionsAbsorbed;
    private readonly List<(string Name, string Help, Func<double> Read)> _gauges = [];

    public void CountReceived() => Interlocked.Increment(ref _received);

    public void CountRequest(ReadOnlySpan<byte> method)
    {
        var slot = s_methods.Length - 1;
        for (var i = 0; i < s_methodBytes.Length - 1; i++)
        {
            if (method.SequenceEqual(s_methodBytes[i]))
            {
                slot = i;
                break;
            }
        }

        Interlocked.Increment(ref _requests[slot]);
    }

    public void CountResponse(int code)
    {
        if ((uint)code < (uint)_responses.Length)
        {
            Interlocked.Increment(ref _responses[code]);
        }
    }

    /// <summary>Counts a message dropped without an answer. <paramref name="reason"/> must be a constant.</summary>
    public void CountDrop(string reason) => _drops.Count(reason);

    /// <summary>
    /// Counts a request refused with an answer (403 to a blocked source, 503 at the CPS limit, 404 no route, …),
    /// so that <c>sip_drops_total</c> holds only what got none. <paramref name="reason"/> must be a constant.
    /// </summary>
    public void CountRefusal(string reason) => _refusals.Count(reason);

    /// <summary>A refusal when it was answered, a drop when it was met with silence (SS_REPLY_UNAUTHORIZED off).</summary>
    public void CountRefusalOrDrop(string reason, bool answered)
    {
        if (answered)
        {
            _refusals.Count(reason);
        }
        else
        {
            _drops.Count(reason);
        }
    }

    /// <summary>Counts a cluster write that could not be made (no message went unanswered because of it).</summary>
    public void CountUnrecorded(string what) => _unrecorded.Count(what);

    /// <summary>Counts a vendor's failure that moved a call on to the next vendor.</summary>
    public void CountVendorFailover() => Interlocked.Increment(ref _vendorFailovers);

    public void CountRetransmissionAbsorbed() => Interlocked.Increment(ref _retransmissionsAbsorbed);

    /// <summary>Registers a gauge read at scrape time (transaction store size, open connections, …).</summary>
    public void AddGauge(string name, string help, Func<double> read)
    {
        lock (_gauges)
        {
            _gauges.Add((name, help, read));
        }
    }

    public long Requests(string method) => Volatile.Read(ref _requests[Array.IndexOf(s_methods, method)]);

    public long Responses(int code) => Volatile.Read(ref _responses[code]);

    public long Drops(string reason) => _drops.Read(reason);

    public long Refusals(string reason) => _refusals.Read(reason);

    /// <summary>Writes the Prometheus text exposition format (version 0.0.4).</summary>
    public void WritePrometheus(StringBuilder text)
    {
        text.Append("# HELP sip_messages_received_total SIP messages framed by the transports.\n");
        text.Append("# TYPE sip_messages_received_total counter\n");
        text.Append("sip_messages_received_total ").Append(Volatile.Read(ref _received)).Append('\n');

        text.Append("# HELP sip_requests_total SIP requests accepted for processing, by method.\n");
        text.Append("# TYPE sip_requests_total counter\n");
        for (var i = 0; i < s_methods.Length; i++)
        {
            text.Append("sip_requests_total{method=\"").Append(s_methods[i]).Append("\"} ").Append(Volatile.Read(ref _requests[i])).Append('\n');
        }

        text.Append("# HELP sip_responses_total SIP responses sent, by status code.\n");
        text.Append("# TYPE sip_responses_total counter\n");
        for (var code = 100; code < _responses.Length; code++)
        {
            var n = Volatile.Read(ref _responses[code]);
            if (n != 0)
            {
                text.Append("sip_responses_total{code=\"").Append(code).Append("\"} ").Append(n).Append('\n');
            }
        }

        _drops.Write(text);
        _refusals.Write(text);
        _unrecorded.Write(text);

        text.Append("# HELP calls_vendor_failovers_total Vendor failures (408, 5xx, 6xx, timeouts) that moved a call to the next vendor.\n");
        text.Append("# TYPE calls_vendor_failovers_total counter\n");
        text.Append("calls_vendor_failovers_total ").Append(Volatile.Read(ref _vendorFailovers)).Append('\n');

        text.Append("# HELP sip_retransmissions_absorbed_total Request retransmissions answered from the transaction store.\n");
        text.Append("# TYPE sip_retransmissions_absorbed_total counter\n");
        text.Append("sip_retransmissions_absorbed_total ").Append(Volatile.Read(ref _retransmissionsAbsorbed)).Append('\n');

        (string Name, string Help, Func<double> Read)[] gauges;
        lock (_gauges)
        {
            gauges = [.. _gauges];
        }

        foreach (var (name, help, read) in gauges)
        {
            var value = read();
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(" gauge\n");
            text.Append(name).Append(' ').Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}
