using System.Net;

namespace Cluster.Edge.Transport;

/// <summary>A listening transport: binds in <see cref="Start"/>, feeds messages to its handler until stopped.</summary>
public interface ISipTransport : IAsyncDisposable
{
    SipTransportKind Kind { get; }

    /// <summary>The address actually bound (the real port when 0 was asked). Valid after <see cref="Start"/>.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Binds and starts receiving. Throws <see cref="System.Net.Sockets.SocketException"/> when the bind fails.</summary>
    void Start();

    /// <summary>Stops receiving, closes the socket(s) and waits for the receive loops to finish.</summary>
    Task StopAsync();
}
