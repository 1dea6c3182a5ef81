using System.Net;
using System.Net.Sockets;
using Cluster.Tests.Transport;

namespace Cluster.Tests.EdgeHost;

/// <summary>The edge as a process: exit codes, the ready line, metrics over HTTP, signals.</summary>
public sealed class EdgeProcessTests
{
    [Fact]
    public async Task Unknown_flag_exits_2_with_usage_on_stderr()
    {
        using var edge = EdgeProcess.Start("--bogus");
        Assert.Equal(2, await edge.WaitForExitAsync());
        Assert.Contains("--bogus", edge.Stderr);
        Assert.Contains("Usage:", edge.Stderr);
        Assert.Empty(edge.StdoutLines);
    }

    [Fact]
    public async Task Bad_config_exits_2_naming_key_and_line()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("edge-process-").FullName, "bad.yaml");
        await File.WriteAllTextAsync(path, "edge:\n  max_headers: 10\n  tcp_idle_timeout_s: never\n");

        using var edge = EdgeProcess.Start("--config", path, "--listen", "udp:127.0.0.1:0");

        Assert.Equal(2, await edge.WaitForExitAsync());
        Assert.Contains($"{path}:3: edge.tcp_idle_timeout_s", edge.Stderr);
    }

    [Fact]
    public async Task Address_in_use_exits_1_naming_the_address()
    {
        using var occupant = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        occupant.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        occupant.Listen();
        var taken = $"tcp:127.0.0.1:{((IPEndPoint)occupant.LocalEndPoint!).Port}";

        using var edge = EdgeProcess.Start("--listen", "udp:127.0.0.1:0", "--listen", taken);

        Assert.Equal(1, await edge.WaitForExitAsync());
        Assert.Contains($"cannot listen on {taken}", edge.Stderr);
        Assert.Empty(edge.StdoutLines);
    }

    [Fact]
    public async Task Starts_on_port_zero_announces_real_ports_serves_metrics_and_stops_on_sigterm()
    {
        using var edge = EdgeProcess.Start("--listen", "udp:127.0.0.1:0", "--listen", "tcp:127.0.0.1:0", "--metrics", "http://127.0.0.1:0");
        var ready = await edge.WaitReadyAsync();

        Assert.NotEqual(0, ready.Udp.Port);
        Assert.NotEqual(0, ready.Tcp.Port);
        Assert.NotEqual(0, ready.Metrics!.Port);
        Assert.Single(edge.StdoutLines);

        // One message over TCP, then a keep-alive ping: the pong proves the message went through the pipeline.
        using (var client = await TcpTestClient.ConnectAsync(ready.Tcp))
        {
            await client.SendAsync("OPTIONS sip:edge SIP/2.0\r\nContent-Length: 0\r\n\r\n");
            Assert.True(await client.PingAsync());
        }

        using var http = new HttpClient { BaseAddress = ready.MetricsUri, Timeout = EdgeProcess.DefaultTimeout };
        using var metrics = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain; version=0.0.4", metrics.Content.Headers.ContentType!.ToString());
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Matches(@"(?m)^sip_messages_received_total [1-9]\d*$", text);
        Assert.Contains("sip_tcp_connections ", text);

        Assert.Equal("ok\n", await http.GetStringAsync("/healthz"));

        if (!OperatingSystem.IsWindows())
        {
            edge.Terminate();
            Assert.Equal(0, await edge.WaitForExitAsync());
        }
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        using var edge = EdgeProcess.Start("--help");
        Assert.Equal(0, await edge.WaitForExitAsync());
        Assert.Contains("--listen", string.Join('\n', edge.StdoutLines));
    }

    [Fact]
    public void Ready_line_parses()
    {
        var ready = EdgeReadyLine.Parse("edge ready udp:127.0.0.1:40312 tcp:[::1]:40313 metrics:http://127.0.0.1:9090");
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 40312), ready.Udp);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 40313), ready.Tcp);
        Assert.Equal(new Uri("http://127.0.0.1:9090/"), ready.MetricsUri);
    }
}
