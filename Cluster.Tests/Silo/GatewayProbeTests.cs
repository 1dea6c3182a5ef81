using System.Net;
using System.Net.Sockets;
using System.Text;
using Cluster.Grains;
using Cluster.Tests.EdgeHost;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Infrastructure.Silos;

namespace Cluster.Tests.Silo;

/// <summary>
/// The silo's OPTIONS online check against real UDP peers: a vendor that answers stays online, one
/// that never answers goes offline after 3 missed probes, and comes back after 2 answered ones.
/// </summary>
public sealed class GatewayProbeTests : IDisposable
{
    // Probes are 1 s apart with a 2 s answer timeout: 3 misses or 2 answers land well within this.
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    private readonly RedisServer _redis = new();
    private readonly UdpClient _vendorA = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpClient _vendorB = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"probe-{Guid.NewGuid():N}.yaml");

    [Fact]
    public async Task A_silent_vendor_goes_offline_and_comes_back_when_it_answers()
    {
        var yaml = (await File.ReadAllTextAsync(Path.Combine(EdgeProcess.RepositoryRoot, "bench", "bench.yaml")))
            .Replace("127.0.0.1:5070", $"127.0.0.1:{Port(_vendorA)}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5072", $"127.0.0.1:{Port(_vendorB)}", StringComparison.Ordinal)
            .Replace("options_interval_s: 60", "options_interval_s: 1", StringComparison.Ordinal);
        await File.WriteAllTextAsync(_config, yaml);
        using var answering = new CancellationTokenSource();
        var vendorA = AnswerProbesAsync(_vendorA, answering.Token);
        var vendorBAnswers = new CancellationTokenSource();

        using var silo = await SiloProcess.StartAsync("--config", _config, "--redis", _redis.Configuration);
        await using var client = await ProcessClusterClient.ConnectAsync(_redis.Configuration);
        var grains = client.Grains;

        // vendorB never answers: offline after 3 misses (probes every second, 2 s timeout each).
        await RedisKeyWatch.UntilAsync(_redis, "gw:{vendorB}", async () => !(await grains.GetGatewayGrain("vendorB").StatsAsync(DateTimeOffset.UtcNow)).Online, s_wait, "vendorB offline");
        Assert.True((await grains.GetGatewayGrain("vendorA").StatsAsync(DateTimeOffset.UtcNow)).Online);

        // vendorB starts answering: online again after 2 answered probes.
        var vendorB = AnswerProbesAsync(_vendorB, vendorBAnswers.Token);
        await RedisKeyWatch.UntilAsync(_redis, "gw:{vendorB}", async () => (await grains.GetGatewayGrain("vendorB").StatsAsync(DateTimeOffset.UtcNow)).Online, s_wait, "vendorB online again");

        answering.Cancel();
        vendorBAnswers.Cancel();
        await Task.WhenAll(vendorA, vendorB);
    }

    /// <summary>Answers every OPTIONS with 200, echoing Via, From, To, Call-ID and CSeq.</summary>
    private static async Task AnswerProbesAsync(UdpClient vendor, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var request = await vendor.ReceiveAsync(stop);
                var lines = Encoding.ASCII.GetString(request.Buffer).Split("\r\n");
                var copied = lines.Where(l => l.StartsWith("Via:") || l.StartsWith("From:") || l.StartsWith("To:") || l.StartsWith("Call-ID:") || l.StartsWith("CSeq:"));
                var response = "SIP/2.0 200 OK\r\n" + string.Concat(copied.Select(l => l + "\r\n")) + "Content-Length: 0\r\n\r\n";
                await vendor.SendAsync(Encoding.ASCII.GetBytes(response), request.RemoteEndPoint, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }


    private static int Port(UdpClient client) => ((IPEndPoint)client.Client.LocalEndPoint!).Port;

    public void Dispose()
    {
        _vendorA.Dispose();
        _vendorB.Dispose();
        _redis.Dispose();
        File.Delete(_config);
    }
}
