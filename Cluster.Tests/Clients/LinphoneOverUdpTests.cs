using System.Net;

namespace Cluster.Tests.Clients;

/// <summary>linphonec registers, re-registers after a restart and unregisters over UDP from 127.0.0.63.</summary>
public sealed class LinphoneOverUdpTests(ClientCluster cluster) : RealClientRegistrationTests(cluster), IClassFixture<ClientCluster>
{
    protected override string User => "1063";

    protected override string LocalAddress => "127.0.0.63";

    protected override string Transport => "udp";

    protected override string UserAgent => "Linphonec";

    protected override async Task<IRegisteringClient> StartAsync(string localAddress, IPEndPoint edge, string transport, string user) =>
        await LinphonePhone.StartAsync(localAddress, edge, transport, user);
}
