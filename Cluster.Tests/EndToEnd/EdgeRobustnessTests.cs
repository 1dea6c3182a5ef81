using System.Globalization;
using System.Net;
using System.Text;

namespace Cluster.Tests.EndToEnd;

/// <summary>Hostile input against the live edge process, and what its metrics say about it.</summary>
public sealed class EdgeRobustnessTests(RunningEdge edge) : IClassFixture<RunningEdge>
{
    [Fact]
    public async Task Thousands_of_mutated_messages_neither_crash_nor_stall_the_edge()
    {
        using var peer = new SipUdpPeer();
        var valid = Encoding.ASCII.GetBytes(SipText.Request("INVITE", peer.LocalEndPoint, "mutant"));
        var random = new Random(4475); // fixed seed: a failure is reproducible
        for (var i = 0; i < 3_000; i++)
        {
            await peer.SendAsync(Mutate(valid, random), edge.Ready.Udp);
        }

        // UDP may lose datagrams under such a burst (either socket buffer may overflow), so ask the way a
        // UAC would: retransmit the OPTIONS every 500 ms (T1) until it is answered, within 10 s in all.
        var response = await AskUntilAnsweredAsync(peer, "after-mutants", TimeSpan.FromSeconds(10));

        Assert.False(edge.Process.HasExited);
        Assert.Equal(200, SipText.StatusCode(response));
    }

    [Fact]
    public async Task Metrics_parse_as_prometheus_text_and_count_what_was_sent()
    {
        using var peer = new SipUdpPeer();
        var before = await ScrapeAsync();
        await peer.SendAsync(SipText.Request("OPTIONS", peer.LocalEndPoint, "metrics-1"), edge.Ready.Udp);
        await peer.ReceiveAsync("200 to OPTIONS");
        await peer.SendAsync("not sip at all\r\n\r\n", edge.Ready.Udp);
        await peer.SendAsync(SipText.Request("OPTIONS", peer.LocalEndPoint, "metrics-2"), edge.Ready.Udp);
        await peer.ReceiveAsync("200 to the second OPTIONS");

        // Receive loops run concurrently: counters settle a moment after the answers leave. Await them.
        var after = await ScrapeUntilAsync(m => m.GetValueOrDefault(@"sip_requests_total{method=""OPTIONS""}") - before.GetValueOrDefault(@"sip_requests_total{method=""OPTIONS""}") >= 2
            && m.GetValueOrDefault(@"sip_responses_total{code=""200""}") - before.GetValueOrDefault(@"sip_responses_total{code=""200""}") >= 2
            && m.Where(d => d.Key.StartsWith("sip_drops_total", StringComparison.Ordinal)).Sum(d => d.Value) > before.Where(d => d.Key.StartsWith("sip_drops_total", StringComparison.Ordinal)).Sum(d => d.Value));

        Assert.Equal(2, after[@"sip_requests_total{method=""OPTIONS""}"] - before.GetValueOrDefault(@"sip_requests_total{method=""OPTIONS""}"));
        Assert.True(after[@"sip_responses_total{code=""200""}"] - before.GetValueOrDefault(@"sip_responses_total{code=""200""}") >= 2);
        Assert.True(after.Where(m => m.Key.StartsWith("sip_drops_total", StringComparison.Ordinal)).Sum(m => m.Value)
                    > before.Where(m => m.Key.StartsWith("sip_drops_total", StringComparison.Ordinal)).Sum(m => m.Value));
        Assert.True(after.ContainsKey("sip_server_transactions"));
    }

    private async Task<string> AskUntilAnsweredAsync(SipUdpPeer peer, string callId, TimeSpan deadline)
    {
        var request = SipText.Request("OPTIONS", peer.LocalEndPoint, callId, branch: "z9hG4bK" + callId);
        var giveUp = DateTime.UtcNow + deadline;
        while (DateTime.UtcNow < giveUp)
        {
            await peer.SendAsync(request, edge.Ready.Udp);
            var response = await peer.TryReceiveMatchingAsync(r => SipText.Header(r, "Call-ID") == callId, TimeSpan.FromMilliseconds(500));
            if (response is not null)
            {
                return response;
            }
        }

        throw new TimeoutException($"the edge did not answer OPTIONS {callId} within {deadline.TotalSeconds} s");
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = (byte[])valid.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var n = random.Next(1, 8); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case 1:
                return bytes[..random.Next(1, bytes.Length)];
            case 2:
                var header = Encoding.ASCII.GetBytes("Via: SIP/2.0/UDP " + new string('a', random.Next(1, 9000)) + "\r\n");
                var at = Array.IndexOf(bytes, (byte)'\n') + 1;
                return [.. bytes[..at], .. header, .. bytes[at..]];
            default:
                var junk = new byte[random.Next(1, 1500)];
                random.NextBytes(junk);
                return junk;
        }
    }

    private async Task<Dictionary<string, double>> ScrapeUntilAsync(Func<Dictionary<string, double>, bool> settled)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var samples = await ScrapeAsync();
        while (!settled(samples) && DateTime.UtcNow < giveUp)
        {
            samples = await ScrapeAsync();
        }

        return samples;
    }

    /// <summary>Scrapes /metrics and parses every sample line strictly: name{labels} value.</summary>
    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var text = await http.GetStringAsync(new Uri(edge.Ready.MetricsUri, "metrics"));
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                Assert.Matches(@"^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$", line);
                continue;
            }

            Assert.Matches(@"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*=""[^""]*""(,[a-zA-Z_][a-zA-Z0-9_]*=""[^""]*"")*\})? -?[0-9.eE+]+$", line);
            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return samples;
    }
}
