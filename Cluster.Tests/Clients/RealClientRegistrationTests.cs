using System.Net;

namespace Cluster.Tests.Clients;

/// <summary>
/// What an operator relies on when a real phone registers, whatever the phone: the binding shows in
/// <c>Cluster.Admin endpoint show USER</c> with the transport and source address the phone really uses, the phone's
/// own refresh keeps that one binding (same Call-ID, higher CSeq, later expiry: not a second binding, not a 500 for
/// the reused nonce), and after the phone unregisters the binding is gone. One subclass per client and transport,
/// each with its own cluster, so that the four refresh waits (54 s, the client's timer) run side by side.
/// </summary>
public abstract class RealClientRegistrationTests(ClientCluster cluster)
{
    private static readonly TimeSpan Registering = TimeSpan.FromSeconds(30);

    // The refresh is due 54 s after the 200 OK; the margin is for a loaded 2-core box.
    private static readonly TimeSpan Refreshing = TimeSpan.FromSeconds(120);

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
    public async Task Registers_with_its_real_source_refreshes_the_same_binding_and_unregisters_as_the_admin_cli_shows()
    {
        var edge = Transport == "udp" ? cluster.Edge.Udp : cluster.Edge.Tcp;
        using var client = await StartAsync(LocalAddress, edge, Transport, User);

        await client.RegisteredAsync(Registering);
        var registered = Assert.Single(await cluster.BindingsAsync(User));
        Assert.StartsWith(UserAgent, registered.UserAgent, StringComparison.Ordinal);
        AssertSourceIsTheClients(registered, client, edge);
        var online = await cluster.AdminJsonAsync("endpoint", "show", User);
        Assert.True(online.GetProperty("online").GetBoolean(), online.ToString());

        await client.RefreshedAsync(Refreshing);
        var refreshed = Assert.Single(await cluster.BindingsAsync(User));
        Assert.Equal((registered.Contact, registered.Source, registered.CallId), (refreshed.Contact, refreshed.Source, refreshed.CallId));
        Assert.True(refreshed.CSeq > registered.CSeq, $"CSeq {registered.CSeq} then {refreshed.CSeq}");
        Assert.True(refreshed.ExpiresAt > registered.ExpiresAt, $"expiry {registered.ExpiresAt:O} then {refreshed.ExpiresAt:O}");

        await client.UnregisterAsync(Registering);
        Assert.Empty(await cluster.BindingsAsync(User));
        var offline = await cluster.AdminJsonAsync("endpoint", "show", User);
        Assert.False(offline.GetProperty("online").GetBoolean(), offline.ToString());
    }

    // The source is where the edge received the REGISTER from; it must be the client's own socket (UDP) or its own
    // connection to the edge (TCP: an ephemeral port, not the port in its Contact), and calls to it are sent there.
    private void AssertSourceIsTheClients(ClientBinding binding, IRegisteringClient client, IPEndPoint edge)
    {
        var colon = binding.Source.IndexOf(':');
        Assert.True(colon > 0, $"source '{binding.Source}' names no transport");
        Assert.Equal(Transport, binding.Source[..colon]);
        var source = IPEndPoint.Parse(binding.Source[(colon + 1)..]);
        if (Transport == "udp")
        {
            Assert.Equal(IPAddress.Parse(LocalAddress), source.Address);
            Assert.Contains(source, ClientSockets.Udp(client.ProcessId));
            Assert.Contains($"@{source}", binding.Contact, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(ClientSockets.TcpConnectionTo(client.ProcessId, edge), source);
            Assert.Contains("transport=tcp", binding.Contact, StringComparison.OrdinalIgnoreCase);
        }
    }
}
