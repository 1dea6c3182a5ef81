using System.Net;

namespace Cluster.Tests.Clients;

/// <summary>
/// What a registered phone does all day: refresh its registration before it expires. baresip and linphonec, each
/// over UDP and over TCP, register for 60 s (the shortest the edge grants) and refresh by their own timers at 90 %
/// (54 s); the four run side by side in one test so that the suite waits for one refresh, not four. Each refresh
/// must keep the phone's one binding (same Call-ID and source, higher CSeq, later expiry), whatever the client does
/// with the digest (baresip answers a new challenge, linphonec reuses the nonce with the next nonce-count), and each
/// phone's unregister afterwards must remove it.
/// </summary>
public sealed class RealClientRefreshTests(ClientCluster cluster) : IClassFixture<ClientCluster>
{
    private static readonly TimeSpan Registering = TimeSpan.FromSeconds(30);

    // The refresh is due 54 s after the 200 OK; the margin is for a loaded 2-core box.
    private static readonly TimeSpan Refreshing = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Baresip_and_linphonec_over_udp_and_tcp_refresh_their_one_binding_before_it_expires()
    {
        var phones = new (string User, string Address, string Transport, Func<string, IPEndPoint, string, string, Task<IRegisteringClient>> Start)[]
        {
            ("1071", "127.0.0.71", "udp", async (a, e, t, u) => await BaresipPhone.StartAsync(a, e, t, u)),
            ("1072", "127.0.0.72", "tcp", async (a, e, t, u) => await BaresipPhone.StartAsync(a, e, t, u)),
            ("1073", "127.0.0.73", "udp", async (a, e, t, u) => await LinphonePhone.StartAsync(a, e, t, u)),
            ("1074", "127.0.0.74", "tcp", async (a, e, t, u) => await LinphonePhone.StartAsync(a, e, t, u)),
        };
        var clients = new List<IRegisteringClient>();
        try
        {
            foreach (var phone in phones)
            {
                clients.Add(await phone.Start(phone.Address, Edge(phone.Transport), phone.Transport, phone.User));
            }

            await Task.WhenAll(clients.Select(c => c.RegisteredAsync(Registering)));
            var registered = new List<ClientBinding>();
            for (var i = 0; i < phones.Length; i++)
            {
                var binding = Assert.Single(await cluster.BindingsAsync(phones[i].User));
                BindingAssert.SourceIsTheClients(binding, clients[i], phones[i].Transport, phones[i].Address, Edge(phones[i].Transport));
                registered.Add(binding);
            }

            await Task.WhenAll(clients.Select(c => c.RefreshedAsync(Refreshing)));
            for (var i = 0; i < phones.Length; i++)
            {
                BindingAssert.IsRefreshOf(Assert.Single(await cluster.BindingsAsync(phones[i].User)), registered[i]);
            }

            await Task.WhenAll(clients.Select(c => c.UnregisterAsync(Registering)));
            foreach (var phone in phones)
            {
                Assert.Empty(await cluster.BindingsAsync(phone.User));
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private IPEndPoint Edge(string transport) => transport == "udp" ? cluster.Edge.Udp : cluster.Edge.Tcp;
}
