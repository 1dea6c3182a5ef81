using System.Net;

namespace Cluster.Tests.Clients;

/// <summary>
/// What an operator relies on when a real phone registers, whatever the phone: the binding shows in
/// <c>Cluster.Admin endpoint show USER</c> with the transport and source address the phone really uses; when the phone
/// dies and boots again (no unregister: a crash, a power cut) its new registration replaces the old binding instead of
/// adding a second one (SS_ENDPOINT_REGISTER_REPLACE on); after the phone unregisters the binding is gone and the
/// account is offline. One subclass per client and transport. The client's own timed refresh is
/// <see cref="RealClientRefreshTests"/>.
/// </summary>
public abstract class RealClientRegistrationTests(ClientCluster cluster)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>An account of bench.yaml's range, one per subclass.</summary>
    protected abstract string User { get; }

    /// <summary>The loopback address the client binds, standing for its host.</summary>
    protected abstract string LocalAddress { get; }

    /// <summary><c>udp</c> or <c>tcp</c>.</summary>
    protected abstract string Transport { get; }

    /// <summary>How the client's User-Agent header starts.</summary>
    protected abstract string UserAgent { get; }

    protected abstract Task<IRegisteringClient> StartAsync(string localAddress, IPEndPoint edge, string transport, string user);

    [Fact]
    public async Task Registers_with_its_real_source_re_registers_after_a_restart_into_one_binding_and_unregisters()
    {
        var edge = Transport == "udp" ? cluster.Edge.Udp : cluster.Edge.Tcp;
        ClientBinding before;
        using (var client = await StartAsync(LocalAddress, edge, Transport, User))
        {
            await client.RegisteredAsync(Wait);
            before = Assert.Single(await cluster.BindingsAsync(User));
            Assert.StartsWith(UserAgent, before.UserAgent, StringComparison.Ordinal);
            BindingAssert.SourceIsTheClients(before, client, Transport, LocalAddress, edge);
            Assert.True((await cluster.AdminJsonAsync("endpoint", "show", User)).GetProperty("online").GetBoolean());
        }

        using var restarted = await StartAsync(LocalAddress, edge, Transport, User);
        await restarted.RegisteredAsync(Wait);
        var after = Assert.Single(await cluster.BindingsAsync(User));
        Assert.NotEqual(before.CallId, after.CallId);
        BindingAssert.SourceIsTheClients(after, restarted, Transport, LocalAddress, edge);

        await restarted.UnregisterAsync(Wait);
        Assert.Empty(await cluster.BindingsAsync(User));
        var offline = await cluster.AdminJsonAsync("endpoint", "show", User);
        Assert.False(offline.GetProperty("online").GetBoolean(), offline.ToString());
    }
}
