using System.Net;

namespace Cluster.Tests.Clients;

/// <summary>baresip registers, re-registers after a restart and unregisters over TCP, the binding's source being its connection to the edge.</summary>
public sealed class BaresipOverTcpTests(ClientCluster cluster) : RealClientRegistrationTests(cluster), IClassFixture<ClientCluster>
{
    protected override string User => "1062";

    protected override string LocalAddress => "127.0.0.62";

    protected override string Transport => "tcp";

    protected override string UserAgent => "baresip";

    protected override async Task<IRegisteringClient> StartAsync(string localAddress, IPEndPoint edge, string transport, string user) =>
        await BaresipPhone.StartAsync(localAddress, edge, transport, user);
}
