namespace Cluster.Tests.EndToEnd;

/// <summary>The edge process spoken to over a real UDP socket.</summary>
public sealed class EdgeOverUdpTests(RunningEdge edge) : IClassFixture<RunningEdge>
{
    [Fact]
    public async Task Options_gets_200_with_capabilities_and_the_via_gets_received_and_rport()
    {
        using var peer = new SipUdpPeer();
        // Advertise a sent-by different from the real source, as a client behind NAT would.
        var request = SipText.Request("OPTIONS", new(System.Net.IPAddress.Parse("192.0.2.10"), 5060), "udp-options-1");
        await peer.SendAsync(request, edge.Ready.Udp);

        var response = await peer.ReceiveAsync("200 to OPTIONS");

        Assert.Equal("SIP/2.0 200 OK", SipText.StatusLine(response));
        Assert.Contains("OPTIONS", SipText.Header(response, "Allow"));
        Assert.Equal("application/sdp", SipText.Header(response, "Accept"));
        Assert.Equal("udp-options-1", SipText.Header(response, "Call-ID"));
        Assert.Equal("1 OPTIONS", SipText.Header(response, "CSeq"));
        var via = SipText.Header(response, "Via")!;
        Assert.Contains($"rport={peer.LocalEndPoint.Port}", via);
        Assert.Contains("received=127.0.0.1", via);
        Assert.Contains(";tag=", SipText.Header(response, "To"));
    }

    [Fact]
    public async Task A_retransmitted_request_gets_the_same_stored_response()
    {
        using var peer = new SipUdpPeer();
        var request = SipText.Request("REGISTER", peer.LocalEndPoint, "udp-retransmit-1", branch: "z9hG4bKretransmit0001");

        await peer.SendAsync(request, edge.Ready.Udp);
        var first = await peer.ReceiveAsync("the answer to the REGISTER");
        await peer.SendAsync(request, edge.Ready.Udp);
        var second = await peer.ReceiveAsync("the answer to the retransmitted REGISTER");

        Assert.Equal(403, SipText.StatusCode(first));
        Assert.Equal(first, second); // byte-identical, same To tag: nothing was recomputed
    }

    [Fact]
    public async Task Invite_gets_100_trying_at_once_then_its_final_response_and_the_ack_is_absorbed()
    {
        using var peer = new SipUdpPeer();
        var invite = SipText.Request("INVITE", peer.LocalEndPoint, "udp-invite-1", branch: "z9hG4bKinvite0001");

        await peer.SendAsync(invite, edge.Ready.Udp);
        var trying = await peer.ReceiveAsync("100 Trying");
        var final = await peer.ReceiveAsync("the final response to the INVITE");

        Assert.Equal("SIP/2.0 100 Trying", SipText.StatusLine(trying));
        Assert.Equal(403, SipText.StatusCode(final));

        // The ACK for the 403 carries the INVITE's branch; it is absorbed, never answered.
        var ack = SipText.Request("ACK", peer.LocalEndPoint, "udp-invite-1", branch: "z9hG4bKinvite0001");
        await peer.SendAsync(ack, edge.Ready.Udp);
        var options = SipText.Request("OPTIONS", peer.LocalEndPoint, "udp-after-ack");
        await peer.SendAsync(options, edge.Ready.Udp);
        Assert.Equal("udp-after-ack", SipText.Header(await peer.ReceiveAsync("the OPTIONS answer after the ACK"), "Call-ID"));
    }

    [Fact]
    public async Task Cancel_without_a_proceeding_invite_gets_481()
    {
        using var peer = new SipUdpPeer();
        await peer.SendAsync(SipText.Request("CANCEL", peer.LocalEndPoint, "udp-cancel-1"), edge.Ready.Udp);

        Assert.Equal(481, SipText.StatusCode(await peer.ReceiveAsync("481 to CANCEL")));
    }

    [Theory]
    [InlineData("Call-ID")]
    [InlineData("CSeq")]
    [InlineData("From")]
    [InlineData("To")]
    public async Task A_request_missing_a_mandatory_header_gets_400_naming_it(string header)
    {
        using var peer = new SipUdpPeer();
        var request = SipText.Request("OPTIONS", peer.LocalEndPoint, "udp-missing-" + header);
        var lines = request.Split("\r\n").Where(l => !l.StartsWith(header + ":", StringComparison.Ordinal));
        await peer.SendAsync(string.Join("\r\n", lines), edge.Ready.Udp);

        var response = await peer.ReceiveAsync("400 for a missing " + header);

        Assert.Equal(400, SipText.StatusCode(response));
        Assert.Contains(header, SipText.StatusLine(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Version_other_than_2_0_gets_505_and_max_forwards_zero_gets_483()
    {
        using var peer = new SipUdpPeer();
        await peer.SendAsync(SipText.Request("OPTIONS", peer.LocalEndPoint, "udp-505").Replace("sip:edge@127.0.0.1 SIP/2.0", "sip:edge@127.0.0.1 SIP/7.0"), edge.Ready.Udp);
        Assert.Equal(505, SipText.StatusCode(await peer.ReceiveAsync("505")));

        await peer.SendAsync(SipText.Request("OPTIONS", peer.LocalEndPoint, "udp-483").Replace("Max-Forwards: 70", "Max-Forwards: 0"), edge.Ready.Udp);
        Assert.Equal(483, SipText.StatusCode(await peer.ReceiveAsync("483")));
    }

    [Fact]
    public async Task Garbage_and_requests_without_via_are_dropped_and_the_edge_keeps_answering()
    {
        using var peer = new SipUdpPeer();
        var noVia = string.Join("\r\n", SipText.Request("OPTIONS", peer.LocalEndPoint, "udp-novia").Split("\r\n").Where(l => !l.StartsWith("Via:", StringComparison.Ordinal)));
        await peer.SendAsync(noVia, edge.Ready.Udp);
        await peer.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x00, 0xFF, 0x00 }, edge.Ready.Udp);
        await peer.SendAsync("\r\n\r\n", edge.Ready.Udp);
        await peer.SendAsync("SIP/2.0 200 OK\r\n\r\n", edge.Ready.Udp);

        // Datagrams from one socket arrive in order on loopback: if any of the above had been answered,
        // that answer would come before this one.
        await peer.SendAsync(SipText.Request("OPTIONS", peer.LocalEndPoint, "udp-after-garbage"), edge.Ready.Udp);
        var response = await peer.ReceiveAsync("the OPTIONS answer after the garbage");

        Assert.Equal("udp-after-garbage", SipText.Header(response, "Call-ID"));
    }
}
