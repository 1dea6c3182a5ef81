using Cluster.Tests.Admin;

namespace Cluster.Tests.Calls;

/// <summary>
/// A call whose every vendor is offline by OPTIONS probing: the customer's 503 says why in a Reason header, the
/// edge logs it once per change of a vendor's state (not once per call), and it counts as a refusal, not a drop.
/// Real redis-server, real edges; probe results are fed to the gateway grains as the silo's prober does.
/// </summary>
public sealed class VendorsOfflineTests(CallCluster cluster) : IClassFixture<CallCluster>
{
    private const string Customer = "127.0.0.21";
    private const string RefusalLogged = "refused with 503: all vendors offline: vendorFR, vendorFR2 (OPTIONS probes)";
    private const string ExpectedReason = "SIP;cause=503;text=\"all vendors offline: vendorFR, vendorFR2\"";

    [Fact]
    public async Task All_vendors_offline_gets_503_with_a_reason_and_one_log_line_per_vendor_state_change()
    {
        var edge = cluster.FirstEdge;
        var from = edge.StderrLineCount;
        var refusalsBefore = await RefusalsAsync("vendors_offline");
        await SetOnlineAsync("vendorFR", online: false);
        await SetOnlineAsync("vendorFR2", online: false);

        // Two calls refused alike: both answers explain themselves, the log says it once.
        Assert.Equal(ExpectedReason, UdpSipParty.Header(await CallRefusedAsync(), "Reason"));
        await edge.WaitForStderrLineAsync(line => line.Contains(RefusalLogged, StringComparison.Ordinal), "the all-vendors-offline warning", from);
        Assert.Equal(ExpectedReason, UdpSipParty.Header(await CallRefusedAsync(), "Reason"));

        // vendorFR answers probes again: the next call is offered to it (busy: relayed, no failover).
        await SetOnlineAsync("vendorFR", online: true);
        using (var vendor = new UdpSipParty("127.0.0.1", cluster.VendorPorts["vendorFR"]))
        using (var customer = new UdpSipParty(Customer))
        {
            var invite = Invite(customer, "vendor-back-" + Guid.NewGuid().ToString("N"));
            await customer.SendAsync(invite, cluster.First.Udp);
            var (forwarded, fromEdge) = await vendor.ExpectAsync("INVITE ");
            await vendor.SendAsync(UdpSipParty.Response(forwarded, 486, "Busy Here", "fr1"), fromEdge);
            await customer.ExpectAsync("SIP/2.0 486");
        }

        await edge.WaitForStderrLineAsync(line => line.Contains("Vendor vendorFR is online again", StringComparison.Ordinal), "vendorFR online again", from);

        // The console logger keeps order: the second refusal's line, had there been one, would come before this one.
        var lines = edge.Stderr.Split('\n')[from..];
        var upToBack = lines.TakeWhile(line => !line.Contains("Vendor vendorFR is online again", StringComparison.Ordinal)).ToList();
        Assert.True(upToBack.Count(line => line.Contains(RefusalLogged, StringComparison.Ordinal)) == 1, string.Join('\n', upToBack));
        Assert.Equal(1, upToBack.Count(line => line.Contains("Vendor vendorFR is offline (OPTIONS probes)", StringComparison.Ordinal)));
        Assert.Equal(1, upToBack.Count(line => line.Contains("Vendor vendorFR2 is offline (OPTIONS probes)", StringComparison.Ordinal)));

        // Offline again is a new change of state: logged again.
        var afterBack = edge.StderrLineCount;
        await SetOnlineAsync("vendorFR", online: false);
        Assert.Equal(ExpectedReason, UdpSipParty.Header(await CallRefusedAsync(), "Reason"));
        await edge.WaitForStderrLineAsync(line => line.Contains(RefusalLogged, StringComparison.Ordinal), "the warning after vendorFR went offline again", afterBack);

        // Answered refusals are refusals; sip_drops_total holds only what got no answer.
        var samples = await ScrapeAsync();
        Assert.Equal(3, PrometheusText.Value(samples, "sip_refusals_total", ("reason", "vendors_offline")) - refusalsBefore);
        Assert.DoesNotContain(samples, s => s.Name == "sip_drops_total" && s.Labels["reason"] == "vendors_offline");
    }

    /// <summary>Places a call to France (vendorFR, vendorFR2) and returns the 503 it gets, acknowledged.</summary>
    private async Task<string> CallRefusedAsync()
    {
        using var customer = new UdpSipParty(Customer);
        var invite = Invite(customer, "all-offline-" + Guid.NewGuid().ToString("N"));
        await customer.SendAsync(invite, cluster.First.Udp);
        var (refused, _) = await customer.ExpectAsync("SIP/2.0 503", "INVITE");
        var ack = invite.Replace("INVITE sip:", "ACK sip:", StringComparison.Ordinal).Replace("CSeq: 1 INVITE", "CSeq: 1 ACK", StringComparison.Ordinal)
            .Replace("To: <sip:33123456789@127.0.0.1>", "To: " + UdpSipParty.Header(refused, "To"), StringComparison.Ordinal);
        await customer.SendAsync(ack, cluster.First.Udp);
        return refused;
    }

    /// <summary>Probe results until the gateway grain says the vendor is in the wanted state (3 misses down, 2 answers up).</summary>
    private async Task SetOnlineAsync(string vendor, bool online)
    {
        for (var i = 0; i < 3; i++)
        {
            if ((await cluster.ProbeAsync(vendor, answered: online)).Online == online)
            {
                return;
            }
        }

        throw new InvalidOperationException($"{vendor} did not turn {(online ? "online" : "offline")} after 3 probe results");
    }

    private string Invite(UdpSipParty from, string callId)
    {
        var local = from.LocalEndPoint;
        var edge = cluster.First.Udp;
        return $"INVITE sip:33123456789@{edge.Address}:{edge.Port} SIP/2.0\r\n" +
               $"Via: SIP/2.0/UDP {local.Address}:{local.Port};branch=z9hG4bK{callId.GetHashCode():x}{Guid.NewGuid():N};rport\r\n" +
               "Max-Forwards: 70\r\n" +
               $"From: <sip:cust@{local.Address}>;tag=c{callId.GetHashCode():x}\r\n" +
               "To: <sip:33123456789@127.0.0.1>\r\n" +
               $"Call-ID: {callId}\r\n" +
               "CSeq: 1 INVITE\r\n" +
               $"Contact: <sip:cust@{local.Address}:{local.Port}>\r\n" +
               "Content-Length: 0\r\n\r\n";
    }

    /// <summary>0 while the edge has refused nothing for that reason (the sample appears with the first one).</summary>
    private async Task<double> RefusalsAsync(string reason) =>
        (await ScrapeAsync()).Where(s => s.Name == "sip_refusals_total" && s.Labels["reason"] == reason).Sum(s => s.Value);

    private async Task<IReadOnlyList<PrometheusText.Sample>> ScrapeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return PrometheusText.Parse(await http.GetStringAsync(new Uri(cluster.First.MetricsUri, "metrics")));
    }
}
