using System.Net;
using System.Net.Sockets;
using System.Text;
using Cluster.Edge.Configuration;
using Cluster.Edge.Metrics;
using Cluster.Edge.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using static Cluster.Tests.Transport.TcpTestClient;

namespace Cluster.Tests.Transport;

public sealed class TcpSipTransportTests
{
    private static TcpSipTransport Start(IInboundMessageHandler handler, EdgeSettings? settings = null, EdgeMetrics? metrics = null, TimeProvider? time = null)
    {
        var transport = new TcpSipTransport(
            new IPEndPoint(IPAddress.Loopback, 0), settings ?? new EdgeSettings(), handler, metrics ?? new EdgeMetrics(), time ?? TimeProvider.System, NullLogger.Instance);
        transport.Start();
        return transport;
    }

    private static string Message(string body) => SipStreamFramerTests.Message(body);

    [Fact]
    public async Task Pipelined_messages_in_one_write_are_delivered_in_order()
    {
        var handler = new RecordingHandler();
        await using var transport = Start(handler);
        using var client = await ConnectAsync(transport.LocalEndPoint);

        string[] messages = [Message("one"), Message(""), Message("three\r\n\r\nwith blank line")];
        await client.SendAsync(string.Concat(messages));

        foreach (var expected in messages)
        {
            var received = await handler.NextAsync();
            Assert.Equal(expected, received.Text);
            Assert.Equal(client.LocalEndPoint, received.Remote);
            Assert.Equal(SipTransportKind.Tcp, received.Channel.Kind);
        }
    }

    [Fact]
    public async Task Message_split_across_writes_is_delivered_once_whole()
    {
        var handler = new RecordingHandler();
        await using var transport = Start(handler);
        using var client = await ConnectAsync(transport.LocalEndPoint);
        var first = Message(new string('x', 6000));
        var second = Message("tail");
        var stream = Encoding.ASCII.GetBytes(first + second);

        // Odd-sized pieces cut through the header block, the CRLFCRLF and the body, and cross the boundary.
        for (var offset = 0; offset < stream.Length; offset += 7)
        {
            await client.SendAsync(stream[offset..Math.Min(stream.Length, offset + 7)]);
        }

        Assert.Equal(first, (await handler.NextAsync()).Text);
        Assert.Equal(second, (await handler.NextAsync()).Text);
    }

    [Fact]
    public async Task Replies_go_back_on_the_connection()
    {
        var handler = new RecordingHandler { Reply = m => Encoding.ASCII.GetBytes("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n") };
        await using var transport = Start(handler);
        using var client = await ConnectAsync(transport.LocalEndPoint);

        await client.SendAsync(Message(""));

        Assert.Equal("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", await client.ReadExactlyAsync(37));
    }

    [Fact]
    public async Task Crlf_keepalive_ping_gets_a_single_crlf_pong_and_is_not_a_message()
    {
        var handler = new RecordingHandler();
        await using var transport = Start(handler);
        using var client = await ConnectAsync(transport.LocalEndPoint);

        Assert.True(await client.PingAsync());
        await client.SendAsync("\r\n" + Message("after pong"));

        Assert.Equal(Message("after pong"), (await handler.NextAsync()).Text);
        Assert.False(handler.TryTake(out _));
    }

    [Fact]
    public async Task Message_without_content_length_is_passed_on_with_empty_body()
    {
        var handler = new RecordingHandler();
        await using var transport = Start(handler);
        using var client = await ConnectAsync(transport.LocalEndPoint);

        await client.SendAsync("OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n" + Message(""));

        Assert.Equal("OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n", (await handler.NextAsync()).Text);
        Assert.Equal(Message(""), (await handler.NextAsync()).Text);
    }

    [Fact]
    public async Task Oversize_header_block_closes_the_connection()
    {
        var metrics = new EdgeMetrics();
        await using var transport = Start(new RecordingHandler(), new EdgeSettings { MaxMessageBytes = 1024, MaxHeaderLineBytes = 512 }, metrics);
        using var client = await ConnectAsync(transport.LocalEndPoint);

        await client.SendAsync("OPTIONS sip:a SIP/2.0\r\nX-Filler: " + new string('a', 1100));

        await client.ReadUntilClosedAsync();
        Assert.Equal(1, metrics.Drops("tcp_framing_invalid"));
    }

    [Fact]
    public async Task Content_length_beyond_the_limit_closes_the_connection()
    {
        var handler = new RecordingHandler();
        await using var transport = Start(handler, new EdgeSettings { MaxMessageBytes = 1024, MaxHeaderLineBytes = 512 });
        using var client = await ConnectAsync(transport.LocalEndPoint);

        await client.SendAsync("MESSAGE sip:a SIP/2.0\r\nContent-Length: 100000\r\n\r\n");

        await client.ReadUntilClosedAsync();
        Assert.False(handler.TryTake(out _));
    }

    [Fact]
    public async Task Per_ip_limit_closes_the_connection_over_it_and_frees_a_slot_on_close()
    {
        var metrics = new EdgeMetrics();
        await using var transport = Start(new RecordingHandler(), new EdgeSettings { TcpMaxConnectionsPerIp = 2 }, metrics);
        using var first = await ConnectAsync(transport.LocalEndPoint);
        using var second = await ConnectAsync(transport.LocalEndPoint);
        Assert.True(await first.PingAsync());
        Assert.True(await second.PingAsync());

        await ConnectAndAwaitCloseAsync(transport.LocalEndPoint);
        Assert.Equal(1, metrics.Drops("tcp_connection_limit_per_ip"));

        first.Dispose();
        Assert.True(await ConnectsWithinTimeoutAsync(transport.LocalEndPoint), "the slot of a closed connection was not released");
    }

    [Fact]
    public async Task Total_limit_closes_the_connection_over_it()
    {
        var metrics = new EdgeMetrics();
        await using var transport = Start(new RecordingHandler(), new EdgeSettings { TcpMaxConnections = 1 }, metrics);
        using var first = await ConnectAsync(transport.LocalEndPoint);
        Assert.True(await first.PingAsync());

        await ConnectAndAwaitCloseAsync(transport.LocalEndPoint);
        Assert.Equal(1, metrics.Drops("tcp_connection_limit"));
        Assert.Equal(1, transport.ConnectionCount);
    }

    [Fact]
    public async Task Idle_connection_is_closed_with_a_fin_by_default()
    {
        var metrics = new EdgeMetrics();
        await using var transport = Start(new RecordingHandler(), new EdgeSettings { TcpIdleTimeout = TimeSpan.FromMilliseconds(300) }, metrics);
        using var client = await ConnectAsync(transport.LocalEndPoint);
        Assert.True(await client.PingAsync());

        Assert.Equal(CloseKind.Fin, await client.ReadUntilClosedAsync());
        Assert.Equal(1, metrics.Drops("tcp_idle_timeout"));
    }

    [Fact]
    public async Task Traffic_postpones_the_idle_close()
    {
        var time = new ManualTimeProvider();
        var metrics = new EdgeMetrics();
        await using var transport = Start(new RecordingHandler(), new EdgeSettings { TcpIdleTimeout = TimeSpan.FromSeconds(30) }, metrics, time);
        using var client = await ConnectAsync(transport.LocalEndPoint);
        Assert.True(await client.PingAsync());

        // 20 s silent, then a ping (which the server has read once the pong is back), then 20 s more:
        // 40 s since connect but only 20 s since the last traffic, so the connection must still be open.
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await client.PingAsync());
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await client.PingAsync());
        Assert.Equal(0, metrics.Drops("tcp_idle_timeout"));

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CloseKind.Fin, await client.ReadUntilClosedAsync());
        Assert.Equal(1, metrics.Drops("tcp_idle_timeout"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Close_mode_follows_tcp_close_reset(bool reset)
    {
        var expected = reset ? CloseKind.Reset : CloseKind.Fin;
        var settings = new EdgeSettings { TcpIdleTimeout = TimeSpan.FromMilliseconds(200), TcpCloseReset = reset };
        await using var transport = Start(new RecordingHandler(), settings);
        using var client = await ConnectAsync(transport.LocalEndPoint);
        Assert.True(await client.PingAsync());

        Assert.Equal(expected, await client.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task Handler_exception_does_not_close_the_connection()
    {
        var handler = new RecordingHandler { OnEach = m => { if (m.Text.Contains("boom")) throw new InvalidOperationException(); } };
        await using var transport = Start(handler);
        using var client = await ConnectAsync(transport.LocalEndPoint);

        await client.SendAsync(Message("boom") + Message("fine"));

        Assert.Equal(Message("fine"), (await handler.NextAsync()).Text);
        Assert.True(await client.PingAsync());
    }

    [Fact]
    public async Task Stop_closes_open_connections()
    {
        var transport = Start(new RecordingHandler());
        using var client = await ConnectAsync(transport.LocalEndPoint);
        Assert.True(await client.PingAsync());

        await transport.StopAsync().WaitAsync(RecordingHandler.Timeout);
        await transport.DisposeAsync();

        await client.ReadUntilClosedAsync();
        Assert.Equal(0, transport.ConnectionCount);
    }

    // The server releases a slot when it has seen the close, which is after our Dispose returns:
    // retry a bounded number of times instead of sleeping a guessed delay.
    private static async Task<bool> ConnectsWithinTimeoutAsync(IPEndPoint server)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                using var client = await ConnectAsync(server);
                if (await client.PingAsync())
                {
                    return true;
                }
            }
            catch (SocketException)
            {
            }
        }

        return false;
    }

    // A refused connection is reset right after accept; the reset may even beat the client's connect completion.
    private static async Task ConnectAndAwaitCloseAsync(IPEndPoint server)
    {
        TcpTestClient client;
        try
        {
            client = await ConnectAsync(server);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return;
        }

        using (client)
        {
            await client.ReadUntilClosedAsync();
        }
    }
}
