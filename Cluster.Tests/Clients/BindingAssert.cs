using System.Net;

namespace Cluster.Tests.Clients;

/// <summary>Checks of a binding against the client that made it, shared by the real-client tests.</summary>
public static class BindingAssert
{
    /// <summary>
    /// The source is where the edge received the REGISTER from, and where calls to the account go: it must be the
    /// client's own socket on <paramref name="localAddress"/> (UDP, also the Contact's address) or its own connection
    /// to the edge (TCP: an ephemeral port, not the port in its Contact).
    /// </summary>
    public static void SourceIsTheClients(ClientBinding binding, IRegisteringClient client, string transport, string localAddress, IPEndPoint edge)
    {
        var colon = binding.Source.IndexOf(':');
        Assert.True(colon > 0, $"source '{binding.Source}' names no transport");
        Assert.Equal(transport, binding.Source[..colon]);
        var source = IPEndPoint.Parse(binding.Source[(colon + 1)..]);
        if (transport == "udp")
        {
            Assert.Equal(IPAddress.Parse(localAddress), source.Address);
            Assert.Contains(source, ClientSockets.Udp(client.ProcessId));
            Assert.Contains($"@{source}", binding.Contact, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(ClientSockets.TcpConnectionTo(client.ProcessId, edge), source);
            Assert.Contains("transport=tcp", binding.Contact, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// A refresh is the same registration again: same Contact, source and Call-ID, a higher CSeq, a later expiry
    /// (a second binding, or a 500 for a CSeq taken as old, would show here).
    /// </summary>
    public static void IsRefreshOf(ClientBinding refreshed, ClientBinding registered)
    {
        Assert.Equal((registered.Contact, registered.Source, registered.CallId), (refreshed.Contact, refreshed.Source, refreshed.CallId));
        Assert.True(refreshed.CSeq > registered.CSeq, $"CSeq {registered.CSeq} then {refreshed.CSeq}");
        Assert.True(refreshed.ExpiresAt > registered.ExpiresAt, $"expiry {registered.ExpiresAt:O} then {refreshed.ExpiresAt:O}");
    }
}
