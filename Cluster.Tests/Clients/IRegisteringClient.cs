namespace Cluster.Tests.Clients;

/// <summary>
/// A real SIP client process that registers one account with the edge on its own, as a phone does after boot:
/// the registration tests await what it says it did, then check what the operator sees.
/// </summary>
public interface IRegisteringClient : IDisposable
{
    /// <summary>The client's process, whose sockets tell where its requests come from.</summary>
    int ProcessId { get; }

    /// <summary>Everything the client printed so far (for failure messages).</summary>
    string Output { get; }

    /// <summary>Awaits the 200 OK to the client's first REGISTER.</summary>
    Task RegisteredAsync(TimeSpan timeout);

    /// <summary>
    /// Awaits the 200 OK to the client's own refresh of that registration, sent by its timer before the binding
    /// expires (both clients refresh at 90 % of the 60 s granted).
    /// </summary>
    Task RefreshedAsync(TimeSpan timeout);

    /// <summary>Tells the client to unregister (REGISTER with expires 0) and awaits the 200 OK to it.</summary>
    Task UnregisterAsync(TimeSpan timeout);
}
