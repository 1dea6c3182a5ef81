using System.Net.Sockets;
using System.Text;

namespace Cluster.Tests.EndToEnd;

/// <summary>The edge process spoken to over a real TCP connection.</summary>
public sealed class EdgeOverTcpTests(RunningEdge edge) : IClassFixture<RunningEdge>
{
    [Fact]
    public async Task Options_over_tcp_gets_200()
    {
        using var connection = await Connect();
        await SendAsync(connection, SipText.Request("OPTIONS", Local(connection), "tcp-options-1", transport: "TCP"));

        var response = await ReadResponsesAsync(connection, 1);

        Assert.Equal("SIP/2.0 200 OK", SipText.StatusLine(response[0]));
    }

    [Fact]
    public async Task Pipelined_messages_in_one_write_each_get_their_answer_in_order()
    {
        using var connection = await Connect();
        var local = Local(connection);
        var three = SipText.Request("OPTIONS", local, "tcp-pipe-1", cseq: 1, transport: "TCP")
                    + SipText.Request("REGISTER", local, "tcp-pipe-2", cseq: 2, transport: "TCP")
                    + SipText.Request("OPTIONS", local, "tcp-pipe-3", cseq: 3, transport: "TCP");
        await SendAsync(connection, three);

        var responses = await ReadResponsesAsync(connection, 3);

        Assert.Equal(["tcp-pipe-1", "tcp-pipe-2", "tcp-pipe-3"], responses.Select(r => SipText.Header(r, "Call-ID")));
        Assert.Equal([200, 403, 200], responses.Select(SipText.StatusCode));
    }

    [Fact]
    public async Task A_tcp_request_without_content_length_gets_400()
    {
        using var connection = await Connect();
        var request = SipText.Request("OPTIONS", Local(connection), "tcp-no-cl", transport: "TCP").Replace("Content-Length: 0\r\n", "");
        await SendAsync(connection, request);

        var response = await ReadResponsesAsync(connection, 1);

        Assert.Equal(400, SipText.StatusCode(response[0]));
        Assert.Contains("Content-Length", SipText.StatusLine(response[0]));
    }

    private async Task<TcpClient> Connect()
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(edge.Ready.Tcp);
        return client;
    }

    private static System.Net.IPEndPoint Local(TcpClient client) => (System.Net.IPEndPoint)client.Client.LocalEndPoint!;

    private static Task SendAsync(TcpClient client, string text) => client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    /// <summary>Reads until <paramref name="count"/> complete responses (all with Content-Length: 0) have arrived.</summary>
    private static async Task<List<string>> ReadResponsesAsync(TcpClient client, int count)
    {
        using var timeout = new CancellationTokenSource(SipUdpPeer.ReplyTimeout);
        var text = new StringBuilder();
        var buffer = new byte[8192];
        while (true)
        {
            var responses = text.ToString().Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries).Select(r => r + "\r\n\r\n").ToList();
            if (responses.Count >= count && text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                return responses;
            }

            int read;
            try
            {
                read = await client.GetStream().ReadAsync(buffer, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"awaited {count} responses over TCP, got: {text}");
            }

            if (read == 0)
            {
                throw new IOException($"the edge closed the connection after: {text}");
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }
}
