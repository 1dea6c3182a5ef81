namespace Cluster.Tests.Clients;

/// <summary>
/// A registered phone whose account is no mapping gateway's dials anyway (issue 13, item 2). The edge challenges
/// the INVITE (407) and baresip answers with its account's correct digest: that is a caller who authenticated but
/// may not call, so 403, and never a failed login. Dialling more often than SS_AUTHENTICATION_MAX_RETRY (5) and
/// SS_ENDPOINTREGISTERRETRY (6) must neither block the phone's address nor suspend its account, and the phone can
/// still unregister afterwards.
/// </summary>
public sealed class BaresipWithoutCallingRightsTests(ClientCluster cluster) : IClassFixture<ClientCluster>
{
    private const string Account = "1066";
    private const string Address = "127.0.0.66";
    private const int Dials = 7;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Dialling_with_correct_credentials_but_no_calling_rights_gets_403_every_time_and_never_blocks_the_phone()
    {
        var edge = cluster.Edge.Udp;
        using var phone = await BaresipPhone.StartAsync(Address, edge, "udp", Account);
        await phone.RegisteredAsync(Wait);

        for (var dial = 1; dial <= Dials; dial++)
        {
            var dialled = phone.OutputLineCount;
            var events = phone.Control.EventCount;
            await phone.CommandAsync("dial", $"sip:12025550123@{edge.Address}:{edge.Port}");
            var closed = await phone.Control.WaitForEventAsync("CALL_CLOSED", events, Wait);
            var reason = closed.GetProperty("param").GetString() ?? string.Empty;
            Assert.True(reason.StartsWith("403", StringComparison.Ordinal), $"dial {dial} ended with '{reason}', not 403\n{phone.Output}");
            // Challenged and answered each time: a 403 without the 407 would be the refusal of a blocked source.
            Assert.True(phone.ReceivedStatus(407, dialled), $"dial {dial} got no 407 challenge first (address blocked?)\n{phone.Output}");
        }

        var source = await cluster.AdminJsonAsync("ip", "show", Address);
        Assert.False(source.GetProperty("blocked").GetBoolean(), source.ToString());
        Assert.Equal(0, source.GetProperty("authFailures").GetInt32());
        var endpoint = await cluster.AdminJsonAsync("endpoint", "show", Account);
        Assert.False(endpoint.GetProperty("suspended").GetBoolean(), endpoint.ToString());
        Assert.Equal(0, endpoint.GetProperty("consecutiveFailures").GetInt32());

        await phone.UnregisterAsync(Wait);
        Assert.Empty(await cluster.BindingsAsync(Account));
    }
}
