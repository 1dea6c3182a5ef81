using Cluster.Tests.Calls;

namespace Cluster.Tests.Clients;

/// <summary>
/// TCP on both legs: baresip registers over TCP and calls through its connection, the vendor (SIPp) is reached over a
/// TCP connection the edge makes (<c>transport: tcp</c>), the phone hangs up, both lines are freed and the CDR says
/// the call came over TCP. The phone never sees the vendor's address.
/// </summary>
public sealed class BaresipTcpCallTests(ClientCluster cluster) : IClassFixture<ClientCluster>
{
    private const string Account = "2000";
    private const string Number = "7005550123";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_baresip_call_over_TCP_reaches_a_TCP_vendor_and_ends_with_both_lines_free()
    {
        var edge = cluster.Edge.Tcp;
        using var vendor = SippCall.TcpVendor("vendor_uas.xml", cluster.VendorTcpPort, calls: 1);
        using var phone = await BaresipPhone.StartAsync("127.0.0.66", edge, "tcp", Account);
        await phone.RegisteredAsync(Wait);
        await Cluster.Tests.Infrastructure.TcpListening.UntilAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, cluster.VendorTcpPort), Wait, "the TCP vendor");

        var events = phone.Control.EventCount;
        await phone.CommandAsync("dial", $"sip:{Number}@{edge.Address}:{edge.Port};transport=tcp");
        await phone.Control.WaitForEventAsync("CALL_ESTABLISHED", events, Wait);
        Assert.Equal((1, 1), (await cluster.LinesInUseAsync("cust-reg"), await cluster.LinesInUseAsync("vendorTcp")));

        var hangingUp = phone.OutputLineCount;
        await phone.CommandAsync("hangup");
        await phone.WaitForResponseAsync(200, "BYE", hangingUp, "the 200 OK to its BYE", Wait);
        Assert.True(await vendor.WaitAsync(Wait) == 0, $"{vendor.Description}: {vendor.Output}\n{cluster.EdgeLog}");
        Assert.Equal((1, 1), (vendor.Count("answered"), vendor.Count("ended")));
        Assert.Equal((0, 0), (await cluster.LinesInUseAsync("cust-reg"), await cluster.LinesInUseAsync("vendorTcp")));
        Assert.DoesNotContain($"127.0.0.1:{cluster.VendorTcpPort}", phone.Output, StringComparison.Ordinal);

        var cdrs = await cluster.AdminJsonAsync("cdr", "list", "--gateway", "vendorTcp");
        var cdr = Assert.Single(cdrs.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal(("tcp", "caller", 200), (cdr.GetProperty("transport").GetString(), cdr.GetProperty("released_by").GetString(), cdr.GetProperty("status").GetInt32()));
    }
}
