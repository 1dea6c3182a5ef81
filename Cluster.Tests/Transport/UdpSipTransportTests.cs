using System.Net;
using System.Net.Sockets;
using System.Text;
using Cluster.Edge.Configuration;
using Cluster.Edge.Metrics;
using Cluster.Edge.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Tests.Transport;

public sealed class UdpSipTransportTests
{
    private static readonly IPEndPoint s_anyLoopbackPort = new(IPAddress.Loopback, 0);

    private static UdpSipTransport Start(IInboundMessageHandler handler, EdgeSettings? settings = null, EdgeMetrics? metrics = null, IPEndPoint? bind = null)
    {
        var transport = new UdpSipTransport(bind ?? s_anyLoopbackPort, settings ?? new EdgeSettings(), handler, metrics ?? new EdgeMetrics(), NullLogger.Instance);
        transport.Start();
        return transport;
    }

    private static async Task<byte[]> ReceiveAsync(UdpClient client)
    {
        using var timeout = new CancellationTokenSource(RecordingHandler.Timeout);
        return (await client.ReceiveAsync(timeout.Token)).Buffer;
    }

    [Fact]
    public async Task Port_zero_reports_the_bound_port()
    {
        await using var transport = Start(new RecordingHandler());
        Assert.Equal(SipTransportKind.Udp, transport.Kind);
        Assert.NotEqual(0, transport.LocalEndPoint.Port);
        Assert.Equal(IPAddress.Loopback, transport.LocalEndPoint.Address);
    }

    [Fact]
    public async Task Delivers_datagrams_and_replies_through_the_channel()
    {
        var handler = new RecordingHandler { Reply = m => Encoding.ASCII.GetBytes("SIP/2.0 200 OK\r\n\r\n" + m.Text.Length) };
        await using var transport = Start(handler);
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await client.SendAsync(Encoding.ASCII.GetBytes("OPTIONS sip:a SIP/2.0\r\n\r\n"), transport.LocalEndPoint);

        var received = await handler.NextAsync();
        Assert.Equal("OPTIONS sip:a SIP/2.0\r\n\r\n", received.Text);
        Assert.Equal(client.Client.LocalEndPoint, received.Remote);
        Assert.Equal(SipTransportKind.Udp, received.Channel.Kind);
        Assert.Equal(transport.LocalEndPoint, received.Channel.LocalEndPoint);
        Assert.Equal("SIP/2.0 200 OK\r\n\r\n25", Encoding.ASCII.GetString(await ReceiveAsync(client)));
    }

    [Fact]
    public async Task Several_receive_loops_deliver_concurrently()
    {
        // Each handler call blocks until three are inside at once: only three loops can get there.
        const int loops = 3;
        var inside = 0;
        using var allInside = new ManualResetEventSlim();
        var handler = new RecordingHandler
        {
            OnEach = _ =>
            {
                if (Interlocked.Increment(ref inside) == loops)
                {
                    allInside.Set();
                }

                allInside.Wait(RecordingHandler.Timeout);
            },
        };
        await using var transport = Start(handler, new EdgeSettings { UdpReceiveLoops = loops });
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        for (var i = 0; i < loops; i++)
        {
            await client.SendAsync(Encoding.ASCII.GetBytes($"MESSAGE {i}"), transport.LocalEndPoint);
        }

        var texts = new List<string>();
        for (var i = 0; i < loops; i++)
        {
            texts.Add((await handler.NextAsync()).Text);
        }

        Assert.True(allInside.IsSet, "the handler calls did not overlap: fewer receive loops than configured");
        Assert.Equal(["MESSAGE 0", "MESSAGE 1", "MESSAGE 2"], texts.Order());
    }

    [Fact]
    public async Task Send_to_a_closed_port_does_not_stop_receiving()
    {
        // Provokes ICMP port unreachable (reported as ConnectionReset on Windows); receiving must go on.
        int closedPort;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            closedPort = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        var closed = new IPEndPoint(IPAddress.Loopback, closedPort);
        var handler = new RecordingHandler { Reply = _ => "x"u8.ToArray() };
        await using var transport = Start(handler, new EdgeSettings { UdpReceiveLoops = 1 });
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(Encoding.ASCII.GetBytes($"M{i}"), transport.LocalEndPoint);
            var received = await handler.NextAsync();
            Assert.Equal($"M{i}", received.Text);
            received.Channel.Send("SIP/2.0 200 OK\r\n\r\n"u8, closed);
        }

        await client.SendAsync("after"u8.ToArray(), transport.LocalEndPoint);
        Assert.Equal("after", (await handler.NextAsync()).Text);
    }

    [Fact]
    public async Task Oversize_datagram_is_dropped_and_counted()
    {
        var metrics = new EdgeMetrics();
        var handler = new RecordingHandler();
        await using var transport = Start(handler, new EdgeSettings { MaxMessageBytes = 1024, UdpReceiveLoops = 1 }, metrics);
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await client.SendAsync(new byte[1025], transport.LocalEndPoint);
        await client.SendAsync(new byte[1024], transport.LocalEndPoint);

        // One loop, in order: the exact-limit datagram arrives only after the oversize one was dropped.
        Assert.Equal(1024, (await handler.NextAsync()).Bytes.Length);
        Assert.Equal(1, metrics.Drops("udp_oversize"));
    }

    [Fact]
    public async Task Handler_exception_is_counted_and_the_loop_goes_on()
    {
        var metrics = new EdgeMetrics();
        var handler = new RecordingHandler { OnEach = m => { if (m.Text == "boom") throw new InvalidOperationException("boom"); } };
        await using var transport = Start(handler, new EdgeSettings { UdpReceiveLoops = 1 }, metrics);
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await client.SendAsync("boom"u8.ToArray(), transport.LocalEndPoint);
        await client.SendAsync("fine"u8.ToArray(), transport.LocalEndPoint);

        Assert.Equal("fine", (await handler.NextAsync()).Text);
        Assert.Equal(1, metrics.Drops("transport_handler_fault"));
    }

    [Fact]
    public async Task Binds_ipv6_loopback()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }

        var handler = new RecordingHandler();
        await using var transport = Start(handler, bind: new IPEndPoint(IPAddress.IPv6Loopback, 0));
        using var client = new UdpClient(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        await client.SendAsync("v6"u8.ToArray(), transport.LocalEndPoint);
        var received = await handler.NextAsync();
        Assert.Equal("v6", received.Text);
        Assert.Equal(IPAddress.IPv6Loopback, received.Remote.Address);
    }

    [Fact]
    public async Task Stop_ends_the_loops_and_frees_the_port()
    {
        var transport = Start(new RecordingHandler(), new EdgeSettings { UdpReceiveLoops = 4 });
        var bound = transport.LocalEndPoint;
        await transport.StopAsync().WaitAsync(RecordingHandler.Timeout);
        await transport.DisposeAsync();

        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        again.Bind(bound);
    }
}
