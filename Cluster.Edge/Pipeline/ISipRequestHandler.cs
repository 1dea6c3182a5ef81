using Cluster.Edge.Sip;

namespace Cluster.Edge.Pipeline;

/// <summary>
/// Handles new server transactions of the methods it is registered for (REGISTER: the registrar;
/// INVITE: the call path). Runs off the receive loop, so it may await grains. It must finish the
/// transaction through <see cref="SipRequestContext.Respond"/> or <see cref="SipRequestContext.Ignore"/>.
/// </summary>
public interface ISipRequestHandler
{
    ValueTask HandleAsync(SipRequestContext request);

    /// <summary>
    /// A chance to answer on the receive loop when no grain is needed (a digest challenge, a refusal
    /// known from the verdict cache): no copy, no task, no thread hop. False: go async.
    /// </summary>
    bool TryAnswerAtOnce(SipMessage request, System.Net.IPAddress source, long nowMs, out ImmediateAnswer answer)
    {
        answer = default;
        return false;
    }
}
