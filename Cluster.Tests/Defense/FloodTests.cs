using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Cluster.Tests.EdgeHost;
using Cluster.Tests.EndToEnd;
using Cluster.Tests.Registrar;

namespace Cluster.Tests.Defense;

/// <summary>
/// A REGISTER flood from hundreds of source addresses against two edges, while a legitimate phone
/// (not trusted) registers with digest through SIPp: the flood is shed and the phone keeps working.
/// </summary>
public sealed class FloodTests(RegistrarCluster cluster, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<RegistrarCluster>
{
    private const int Sources = 300;

    [Fact]
    public async Task Legitimate_registrations_succeed_during_a_flood_from_hundreds_of_addresses()
    {
        using var stop = new CancellationTokenSource();
        var flood = Task.Run(() => FloodAsync(stop.Token));

        var accounts = Path.Combine(Path.GetTempPath(), $"accounts-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(accounts, ["SEQUENTIAL", .. Enumerable.Range(8000, 20).Select(u => $"{u};secret;[authentication username={u} password=secret]")]);
        ExternalTool.Result legit;
        try
        {
            // 2 registrations/s (4 REGISTERs/s) stays inside one address's REGISTER budget (5/s burst 10).
            legit = await ExternalTool.RunAsync(
                "sipp",
                ["-sf", Path.Combine(EdgeProcess.RepositoryRoot, "bench", "sipp", "register_digest.xml"), "-inf", accounts,
                 $"{cluster.First.Udp.Address}:{cluster.First.Udp.Port}", "-i", "127.0.0.2", "-m", "20", "-r", "2", "-timeout", "60s", "-nostdin", "-p", ExternalTool.FreeUdpPort()],
                TimeSpan.FromSeconds(90));
        }
        finally
        {
            stop.Cancel();
            File.Delete(accounts);
        }

        var (sent, seconds) = await flood;
        output.WriteLine($"flood: {sent:N0} REGISTERs from {Sources} addresses in {seconds:N1} s = {sent / seconds:N0}/s; legitimate: {legit.Stdout.Split('\n').FirstOrDefault(l => l.Contains("Successful call")) ?? "?"}");
        Assert.True(legit.ExitCode == 0, $"legitimate registrations failed during the flood (sipp exit {legit.ExitCode})\n{legit.Stdout}");
        Assert.True(sent / seconds >= 5_000, $"the flood only reached {sent / seconds:N0} packets/s");
    }

    /// <summary>Blasts REGISTERs for random users from 127.0.1.1 … at both edges until cancelled.</summary>
    private async Task<(long Sent, double Seconds)> FloodAsync(CancellationToken stop)
    {
        var sockets = Enumerable.Range(0, Sources)
            .Select(i => new UdpClient(new IPEndPoint(IPAddress.Parse($"127.0.{1 + (i / 250)}.{1 + (i % 250)}"), 0)))
            .ToArray();
        var edges = new[] { cluster.First.Udp, cluster.Second.Udp };
        var packets = sockets.Select((s, i) => Encoding.ASCII.GetBytes(
            "REGISTER sip:softswitch SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {((IPEndPoint)s.Client.LocalEndPoint!).Address}:{((IPEndPoint)s.Client.LocalEndPoint!).Port};branch=z9hG4bKflood{i};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:{90000 + i}@softswitch>;tag=f{i}\r\n" +
            $"To: <sip:{90000 + i}@softswitch>\r\n" +
            $"Call-ID: flood-{i}\r\n" +
            "CSeq: 1 REGISTER\r\n" +
            $"Contact: <sip:{90000 + i}@127.0.1.1>\r\n" +
            "Content-Length: 0\r\n\r\n")).ToArray();
        var clock = Stopwatch.StartNew();
        long sent = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < sockets.Length; i++)
                {
                    sockets[i].Client.SendTo(packets[i], edges[i % 2]);
                    sent++;
                }

                await Task.Yield();
            }
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }

        return (sent, clock.Elapsed.TotalSeconds);
    }
}
