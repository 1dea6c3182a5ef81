namespace Cluster.Edge.Pipeline;

/// <summary>
/// Handles new server transactions of the methods it is registered for (REGISTER: the registrar;
/// INVITE: the call path). Runs off the receive loop, so it may await grains. It must finish the
/// transaction through <see cref="SipRequestContext.Respond"/> or <see cref="SipRequestContext.Ignore"/>.
/// </summary>
public interface ISipRequestHandler
{
    ValueTask HandleAsync(SipRequestContext request);
}
