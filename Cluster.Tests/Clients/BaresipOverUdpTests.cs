using System.Net;

namespace Cluster.Tests.Clients;

/// <summary>baresip registers, re-registers after a restart and unregisters over UDP from its own socket at 127.0.0.61.</summary>
public sealed class BaresipOverUdpTests(ClientCluster cluster) : RealClientRegistrationTests(cluster), IClassFixture<ClientCluster>
{
    protected override string User => "1061";

    protected override string LocalAddress => "127.0.0.61";

    protected override string Transport => "udp";

    protected override string UserAgent => "baresip";

    protected override async Task<IRegisteringClient> StartAsync(string localAddress, IPEndPoint edge, string transport, string user) =>
        await BaresipPhone.StartAsync(localAddress, edge, transport, user);
}
