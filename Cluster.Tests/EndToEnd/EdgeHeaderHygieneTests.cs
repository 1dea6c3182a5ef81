using System.Text;

namespace Cluster.Tests.EndToEnd;

/// <summary>RFC 3261 §25 hygiene on the live edge: control characters get 400 over UDP and TCP, clean answers have no empty header.</summary>
public sealed class EdgeHeaderHygieneTests(RunningEdge edge) : IClassFixture<RunningEdge>
{
    [Fact]
    public async Task Every_header_of_the_options_200_has_a_value_over_udp_and_tcp()
    {
        using var peer = new SipUdpPeer();
        await peer.SendAsync(SipText.Request("OPTIONS", peer.LocalEndPoint, "hygiene-options-udp"), edge.Ready.Udp);
        AssertEveryHeaderHasAValue(await peer.ReceiveAsync("200 to OPTIONS over UDP"));

        using var tcp = await SipTcpPeer.ConnectAsync(edge.Ready.Tcp);
        await tcp.SendAsync(SipText.Request("OPTIONS", tcp.LocalEndPoint, "hygiene-options-tcp", transport: "TCP"));
        AssertEveryHeaderHasAValue((await tcp.ReadResponsesAsync(1, "200 to OPTIONS over TCP"))[0]);
    }

    [Fact]
    public async Task A_nul_in_a_header_value_gets_400_naming_the_header_and_a_clean_answer()
    {
        using var peer = new SipUdpPeer();
        var request = SipText.Request("OPTIONS", peer.LocalEndPoint, "hygiene-nul", extraHeaders: "Subject: before\0after\r\n");
        await peer.SendAsync(Encoding.ASCII.GetBytes(request), edge.Ready.Udp);

        var response = await peer.ReceiveAsync("400 to an OPTIONS with a NUL in Subject");

        Assert.Equal("SIP/2.0 400 Control Character in Subject Value", SipText.StatusLine(response));
        Assert.Equal("hygiene-nul", SipText.Header(response, "Call-ID"));
        AssertNoControlCharacter(response);
    }

    [Fact]
    public async Task A_register_with_a_control_character_never_reaches_its_handler()
    {
        // Without Redis a REGISTER is refused with 403 by the edge's own answer: a 400 shows it got no further.
        using var peer = new SipUdpPeer();
        var clean = SipText.Request("REGISTER", peer.LocalEndPoint, "hygiene-register-clean");
        await peer.SendAsync(clean, edge.Ready.Udp);
        Assert.Equal(403, SipText.StatusCode(await peer.ReceiveAsync("403 to a clean REGISTER")));

        var broken = SipText.Request("REGISTER", peer.LocalEndPoint, "hygiene-register-esc").Replace("sip:edge@127.0.0.1 SIP/2.0", "sip:edge\u001b@127.0.0.1 SIP/2.0");
        await peer.SendAsync(broken, edge.Ready.Udp);
        var response = await peer.ReceiveAsync("400 to a REGISTER with ESC in its Request-URI");

        Assert.Equal("SIP/2.0 400 Control Character in Request-Line", SipText.StatusLine(response));
    }

    [Fact]
    public async Task Over_tcp_the_bad_message_gets_400_and_the_next_one_on_the_connection_its_answer()
    {
        using var tcp = await SipTcpPeer.ConnectAsync(edge.Ready.Tcp);
        var bad = SipText.Request("OPTIONS", tcp.LocalEndPoint, "hygiene-tcp-bad", transport: "TCP").Replace("Call-ID: hygiene-tcp-bad", "Call-ID: hygiene\u007ftcp-bad");
        var good = SipText.Request("OPTIONS", tcp.LocalEndPoint, "hygiene-tcp-good", transport: "TCP");
        await tcp.SendAsync(bad + good);

        var responses = await tcp.ReadResponsesAsync(2, "400 then 200 over one TCP connection");

        Assert.Equal("SIP/2.0 400 Control Character in Call-ID Value", SipText.StatusLine(responses[0]));
        Assert.Null(SipText.Header(responses[0], "Call-ID")); // the line holding the DEL is not echoed
        AssertNoControlCharacter(responses[0]);
        Assert.Equal("SIP/2.0 200 OK", SipText.StatusLine(responses[1]));
        Assert.Equal("hygiene-tcp-good", SipText.Header(responses[1], "Call-ID"));
    }

    private static void AssertEveryHeaderHasAValue(string response)
    {
        var lines = response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n")[1..];
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':');
            Assert.True(colon > 0, $"not a header line: '{line}'");
            Assert.False(string.IsNullOrWhiteSpace(line[(colon + 1)..]), $"empty header in the 200: '{line}'");
        }
    }

    private static void AssertNoControlCharacter(string response)
    {
        var withoutLineEnds = response.Replace("\r\n", string.Empty);
        Assert.DoesNotContain(withoutLineEnds, c => c < ' ' && c != '\t' || c == '\u007f');
    }
}
