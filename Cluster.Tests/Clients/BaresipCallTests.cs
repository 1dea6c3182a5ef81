using Cluster.Tests.Calls;

namespace Cluster.Tests.Clients;

/// <summary>
/// A real phone as a customer: baresip registers account 2000, which is the <c>auth: registration</c> mapping
/// gateway cust-reg's, dials 12025550123 from the same socket, vendorA (SIPp, bench/sipp/vendor_uas.xml) answers, and
/// the phone hangs up, never having seen the vendor's address. What the operator sees: the call holds one line on each gateway while it is up and none after
/// the BYE, and it counts as answered on both.
/// </summary>
public sealed class BaresipCallTests(ClientCluster cluster) : IClassFixture<ClientCluster>
{
    private const string Account = "2000";
    private const string Number = "12025550123";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_registered_baresip_calls_through_its_registration_gateway_unchallenged_hangs_up_and_both_lines_are_freed()
    {
        var edge = cluster.Edge.Udp;
        using var vendor = SippCall.Vendor("vendor_uas.xml", cluster.VendorAPort, calls: 1);
        using var phone = await BaresipPhone.StartAsync("127.0.0.65", edge, "udp", Account);
        await phone.RegisteredAsync(Wait);
        Assert.Single(await cluster.BindingsAsync(Account));

        var dialled = phone.OutputLineCount;
        var events = phone.Control.EventCount;
        await phone.CommandAsync("dial", $"sip:{Number}@{edge.Address}:{edge.Port}");
        await phone.Control.WaitForEventAsync("CALL_ESTABLISHED", events, Wait);
        // The INVITE came from the registered binding: cust-reg's caller without a digest round trip.
        Assert.False(phone.ReceivedStatus(407, dialled), "the registered caller was challenged:\n" + phone.Output);
        Assert.Equal((1, 1), (await cluster.LinesInUseAsync("cust-reg"), await cluster.LinesInUseAsync("vendorA")));

        var hangingUp = phone.OutputLineCount;
        await phone.CommandAsync("hangup");
        // The edge frees both lines before it relays the vendor's 200 to the BYE: once the phone has it, they are free.
        await phone.WaitForResponseAsync(200, "BYE", hangingUp, "the 200 OK to its BYE", Wait);
        Assert.True(await vendor.WaitAsync(Wait) == 0, $"{vendor.Description}: {vendor.Output}");
        Assert.Equal((1, 1), (vendor.Count("answered"), vendor.Count("ended")));
        Assert.Equal((0, 0), (await cluster.LinesInUseAsync("cust-reg"), await cluster.LinesInUseAsync("vendorA")));

        // B2BUA: nothing the phone received (its SIP trace holds every message) names the vendor's address
        Assert.DoesNotContain($"127.0.0.1:{cluster.VendorAPort}", phone.Output, StringComparison.Ordinal);

        var customer = await cluster.AdminJsonAsync("gateway", "show", "cust-reg");
        var live = customer.GetProperty("live");
        Assert.Equal((1, 1), (live.GetProperty("attempts").GetInt32(), live.GetProperty("answered").GetInt32()));
    }
}
