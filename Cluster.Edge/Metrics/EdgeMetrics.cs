using System.Collections.Concurrent;
using System.Text;

namespace Cluster.Edge.Metrics;

/// <summary>
/// Counters of one edge process, rendered as Prometheus text. Counting is lock-free and allocation-free
/// on the hot path: methods and codes index fixed arrays; drop reasons are a small set of constant strings.
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
    private readonly ConcurrentDictionary<string, StrongBox> _drops = new(StringComparer.Ordinal);
    private long _received;
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
    public void CountDrop(string reason) =>
        Interlocked.Increment(ref _drops.GetOrAdd(reason, static _ => new StrongBox()).Value);

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

    public long Drops(string reason) => _drops.TryGetValue(reason, out var box) ? Volatile.Read(ref box.Value) : 0;

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

        text.Append("# HELP sip_drops_total SIP messages dropped without an answer, by reason.\n");
        text.Append("# TYPE sip_drops_total counter\n");
        foreach (var (reason, box) in _drops.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            text.Append("sip_drops_total{reason=\"").Append(reason).Append("\"} ").Append(Volatile.Read(ref box.Value)).Append('\n');
        }

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

    private sealed class StrongBox
    {
        public long Value;
    }
}
