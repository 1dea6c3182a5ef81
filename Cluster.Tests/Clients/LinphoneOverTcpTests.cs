using System.Net;

namespace Cluster.Tests.Clients;

/// <summary>linphonec registers, re-registers after a restart and unregisters over TCP, the binding's source being its connection to the edge.</summary>
public sealed class LinphoneOverTcpTests(ClientCluster cluster) : RealClientRegistrationTests(cluster), IClassFixture<ClientCluster>
{
    protected override string User => "1064";

    protected override string LocalAddress => "127.0.0.64";

    protected override string Transport => "tcp";

    protected override string UserAgent => "Linphonec";

    protected override async Task<IRegisteringClient> StartAsync(string localAddress, IPEndPoint edge, string transport, string user) =>
        await LinphonePhone.StartAsync(localAddress, edge, transport, user);
}
