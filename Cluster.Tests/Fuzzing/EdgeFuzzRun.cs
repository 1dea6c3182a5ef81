using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Cluster.Tests.Admin;
using Cluster.Tests.Calls;
using Cluster.Tests.EdgeHost;
using Cluster.Tests.EndToEnd;

namespace Cluster.Tests.Fuzzing;

/// <summary>
/// Mutation fuzzing of a live edge process: batches of zzuf-mutated corpus messages over UDP (from a trusted source
/// and from a customer's address) and over TCP, and between batches an OPTIONS over UDP and TCP that must be
/// answered. RSS is read from /proc before (after warm-up and a full GC), after each batch, and after the edge has
/// settled (nothing in flight, every TCP connection closed) and collected its garbage.
/// </summary>
public sealed class EdgeFuzzRun(EdgeProcess edge, EdgeReadyLine ready)
{
    private const int BatchSize = 200;
    private static readonly double[] s_ratios = [0.0005, 0.002, 0.008, 0.03];
    private static readonly TimeSpan s_probeDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_settleDeadline = TimeSpan.FromSeconds(60);

    private readonly UdpClient _trusted = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpClient _customer = new(new IPEndPoint(IPAddress.Parse("127.0.0.21"), 0));
    private int _probes;
    private TimeSpan _slowestProbe;

    public async Task<FuzzReport> RunAsync(TimeSpan duration, int seed)
    {
        var fuzzer = (IPEndPoint)_trusted.Client.LocalEndPoint!;
        var corpus = FuzzCorpus.For(fuzzer, ready.Udp);
        using var drain = new CancellationTokenSource();
        var draining = Task.WhenAll(DrainAsync(_trusted, drain.Token), DrainAsync(_customer, drain.Token));
        using var probe = await SipTcpPeer.ConnectAsync(ready.Tcp);

        // Warm-up: a quarter as long as the run, so JIT'd error paths, pools, caches and the bounded stores are in
        // the baseline; what the measured run leaves on top of it is what it leaked.
        var warmUp = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(3).Ticks, duration.Ticks / 4));
        await FuzzAsync(corpus, warmUp, seed + 1_000_000, probe, drain.Token);
        await SettledCountersAsync(openConnections: 1); // the probe's
        var (baseline, baselineHeap) = await ProcessMemory.SettleAsync(edge.Id);

        var (fuzzed, peak) = await FuzzAsync(corpus, duration, seed, probe, drain.Token);
        probe.Dispose();
        var settle = Stopwatch.StartNew();
        var counters = await SettledCountersAsync(openConnections: 0);
        var (after, afterHeap) = await ProcessMemory.SettleAsync(edge.Id);
        drain.Cancel();
        await draining;
        _trusted.Dispose();
        _customer.Dispose();
        return new FuzzReport(
            fuzzed.Elapsed, fuzzed.Batches, fuzzed.Udp, fuzzed.Tcp, fuzzed.ClosedByEdge, _probes, _slowestProbe,
            baseline, Math.Max(peak, baseline), after, baselineHeap, afterHeap, settle.Elapsed, counters);
    }

    private async Task<((TimeSpan Elapsed, int Batches, long Udp, long Tcp, int ClosedByEdge) Run, long PeakRss)> FuzzAsync(
        IReadOnlyList<byte[]> corpus, TimeSpan duration, int seed, SipTcpPeer probe, CancellationToken stop)
    {
        await SendUdpAsync(corpus);
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        long udp = 0, tcp = 0, peak = 0;
        int batches = 0, closedByEdge = 0;
        TcpClient? stream = null;
        while (clock.Elapsed < duration)
        {
            var picks = Enumerable.Range(0, BatchSize).Select(_ => corpus[random.Next(corpus.Count)]).ToList();
            var mutated = await ZzufMutator.MutateAsync(picks, seed + batches, s_ratios[batches % s_ratios.Length], protectLineEnds: batches % 2 == 0);
            batches++;

            await SendUdpAsync(mutated);
            udp += mutated.Count;

            // TCP: one write per batch; the edge may close a connection whose framing a mutation destroyed.
            stream ??= await ConnectDrainedAsync(stop);
            try
            {
                await stream.GetStream().WriteAsync(mutated.SelectMany(m => m).ToArray(), stop);
                tcp += mutated.Count;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or SocketException)
            {
                stream.Dispose();
                stream = null;
                closedByEdge++;
            }

            Assert.False(edge.HasExited, $"the edge exited during batch {batches} (zzuf seed {seed + batches - 1}); stderr:\n{edge.Stderr}");
            await ProbeAsync(probe, $"after batch {batches} (zzuf seed {seed + batches - 1})");
            peak = Math.Max(peak, ProcessMemory.ResidentBytes(edge.Id));
        }

        stream?.Dispose();
        return ((clock.Elapsed, batches, udp, tcp, closedByEdge), peak);
    }

    private async Task SendUdpAsync(IReadOnlyList<byte[]> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            // One in five from cust-ip's address, so INVITEs reach admission, routing and the vendors.
            await (i % 5 == 4 ? _customer : _trusted).SendAsync(messages[i], ready.Udp);
        }
    }

    /// <summary>OPTIONS over UDP (retransmitted every 500 ms, T1, as datagrams may be lost in a burst) and over TCP.</summary>
    private async Task ProbeAsync(SipTcpPeer tcp, string when)
    {
        var started = Stopwatch.StartNew();
        using var peer = new SipUdpPeer();
        var callId = $"fuzz-probe-{_probes}";
        var request = SipText.Request("OPTIONS", peer.LocalEndPoint, callId);
        string? answer = null;
        while (answer is null && started.Elapsed < s_probeDeadline)
        {
            await peer.SendAsync(request, ready.Udp);
            answer = await peer.TryReceiveMatchingAsync(r => SipText.Header(r, "Call-ID") == callId, TimeSpan.FromMilliseconds(500));
        }

        Assert.True(answer is not null, $"the edge answered no OPTIONS over UDP within {s_probeDeadline.TotalSeconds} s {when}; stderr:\n{edge.Stderr}");
        Assert.Equal(200, SipText.StatusCode(answer!));

        await tcp.SendAsync(SipText.Request("OPTIONS", tcp.LocalEndPoint, callId + "-tcp", transport: "TCP"));
        Assert.Equal(200, SipText.StatusCode((await tcp.ReadResponsesAsync(1, $"200 to OPTIONS over TCP {when}"))[0]));
        _probes++;
        _slowestProbe = started.Elapsed > _slowestProbe ? started.Elapsed : _slowestProbe;
    }

    /// <summary>Awaits the edge at rest: no transaction waiting on grains or vendors, no TCP connection open but the probe's.</summary>
    private async Task<IReadOnlyDictionary<string, double>> SettledCountersAsync(int openConnections)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var pacer = new SipUdpPeer();
        var giveUp = Stopwatch.StartNew();
        for (var round = 0; ; round++)
        {
            var samples = PrometheusText.Parse(await http.GetStringAsync(new Uri(ready.MetricsUri, "metrics")));
            double Gauge(string name) => samples.Where(s => s.Name == name).Sum(s => s.Value);
            if (Gauge("sip_transactions_in_flight") == 0 && Gauge("sip_tcp_connections") == openConnections && Gauge("calls_client_transactions") == 0)
            {
                return samples.Where(s => s.Name is "sip_drops_total" or "sip_refusals_total" or "sip_responses_total" or "sip_messages_received_total" or "edge_unrecorded_total")
                    .ToDictionary(s => s.Labels.Count == 0 ? s.Name : $"{s.Name}{{{string.Join(",", s.Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}}", s => s.Value);
            }

            if (giveUp.Elapsed > s_settleDeadline)
            {
                throw new TimeoutException($"the edge did not settle within {s_settleDeadline.TotalSeconds} s: in flight {Gauge("sip_transactions_in_flight")}, " +
                    $"TCP connections {Gauge("sip_tcp_connections")}, client transactions {Gauge("calls_client_transactions")}");
            }

            // A scrape is the only signal the edge gives of these gauges: the next one waits for the edge to answer an
            // OPTIONS, so the pace is the edge's own (and a silent edge shows up here as a timeout, not as a stall).
            var callId = $"fuzz-settle-{round}";
            await pacer.SendAsync(SipText.Request("OPTIONS", pacer.LocalEndPoint, callId), ready.Udp);
            await pacer.TryReceiveMatchingAsync(r => SipText.Header(r, "Call-ID") == callId, TimeSpan.FromMilliseconds(500));
        }
    }

    private async Task<TcpClient> ConnectDrainedAsync(CancellationToken stop)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(ready.Tcp, stop);
        _ = DrainAsync(client, stop);
        return client;
    }

    private static async Task DrainAsync(TcpClient client, CancellationToken stop)
    {
        var buffer = new byte[16384];
        try
        {
            while (await client.GetStream().ReadAsync(buffer, stop) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Closed by either side: the writer notices and reconnects.
        }
    }

    private static async Task DrainAsync(UdpClient client, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await client.ReceiveAsync(stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The run is over.
        }
    }
}
