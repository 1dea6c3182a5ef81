using Cluster.Grains.Calls;
using Cluster.Grains.Cdr;

namespace Cluster.Tests.Calls;

/// <summary>
/// A silo killed with SIGKILL mid-call loses no call and no CDR: the answered call's grain lived on the killed silo,
/// its record is read back from Redis on the other, the customer's BYE still reaches the vendor in its dialog, and
/// the call's CDR is written (as is every CDR written before the kill).
/// </summary>
public sealed class CallSiloKillTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly CallCluster _cluster = new(silos: 2);

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task An_answered_call_whose_grain_s_silo_is_killed_still_ends_cleanly_and_its_CDR_is_written()
    {
        using var vendor = new UdpSipParty("127.0.0.1", _cluster.VendorPorts["vendorUK"]);
        using var customer = new UdpSipParty("127.0.0.21");
        var edge = _cluster.First.Udp;

        // a call that ended before the kill: its CDR is already stored
        var earlier = "before-kill-" + Guid.NewGuid().ToString("N");
        await customer.SendAsync(BackToBack.Invite("442071234520", customer, edge, earlier), edge);
        var (refused, refusedFrom) = await vendor.ExpectAsync("INVITE ");
        await vendor.SendAsync(UdpSipParty.Response(refused, 486, "Busy Here", "k0"), refusedFrom);
        await customer.ExpectAsync("SIP/2.0 486");

        var callId = "silo-kill-" + Guid.NewGuid().ToString("N");
        await customer.SendAsync(BackToBack.Invite("442071234521", customer, edge, callId), edge);
        var (invite, fromEdge) = await vendor.ExpectAsync("INVITE ");
        await vendor.SendAsync(UdpSipParty.Response(invite, 200, "OK", "k1", $"Contact: <sip:uk@{vendor.LocalEndPoint}>\r\n", BackToBack.AnswerSdp), fromEdge);
        var (ok, _) = await customer.ExpectAsync("SIP/2.0 200", "INVITE");
        var contact = UdpSipParty.Header(ok, "Contact")!.Trim('<', '>');
        var to = UdpSipParty.Header(ok, "To")!;
        await customer.SendAsync(BackToBack.InDialog("ACK", 1, contact, to, customer, callId), edge);

        // kill -9 the silo holding the call's grain
        var orleans = _cluster.Client.Orleans;
        var id = CallIds.Of(callId, BackToBack.FromTag(callId));
        var host = await orleans.GetGrain<IManagementGrain>(0).GetActivationAddress(orleans.GetGrain<ICallGrain>(id));
        Assert.NotNull(host);
        _cluster.Silos.Single(s => s.SiloPort == host.Endpoint.Port).Silo.Kill();
        var killed = System.Diagnostics.Stopwatch.StartNew();

        // the customer hangs up, retrying (new transactions) while the cluster notices the death and answers 503
        string? answer = null;
        for (var cseq = 2; killed.Elapsed < Wait && answer?.StartsWith("SIP/2.0 200", StringComparison.Ordinal) != true; cseq++)
        {
            await customer.SendAsync(BackToBack.InDialog("BYE", cseq, contact, to, customer, callId), edge);
            answer = (await customer.ExpectAsync("SIP/2.0 ", "BYE", TimeSpan.FromSeconds(10))).Text;
            Assert.True(answer.StartsWith("SIP/2.0 200", StringComparison.Ordinal) || answer.StartsWith("SIP/2.0 503", StringComparison.Ordinal), answer);
        }

        output.WriteLine($"the BYE was taken {killed.Elapsed.TotalSeconds:F1} s after kill -9 of the call grain's silo");
        var (bye, byeFrom) = await vendor.ExpectAsync("BYE ", wait: Wait);
        Assert.Equal(UdpSipParty.Header(invite, "Call-ID"), UdpSipParty.Header(bye, "Call-ID"));
        Assert.Contains(";tag=k1", UdpSipParty.Header(bye, "To"), StringComparison.Ordinal);
        await vendor.SendAsync(UdpSipParty.Response(bye, 200, "OK", "k1"), byeFrom);

        var cdr = await CdrRecords.OfAsync(_cluster.Redis, callId);
        Assert.Equal((200, CallReleaser.Caller, "vendorUK"), (cdr.Status, cdr.ReleasedBy, cdr.Vendor));
        Assert.True(cdr.AnsweredAtMs > 0 && cdr.BillableSeconds >= 1, $"{cdr}");
        Assert.Equal(486, (await CdrRecords.OfAsync(_cluster.Redis, earlier)).Status);
        Assert.Equal(0, (await _cluster.StatsAsync("cust-ip")).LinesInUse);
    }
}
