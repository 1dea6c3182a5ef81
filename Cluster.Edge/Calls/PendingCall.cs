using Cluster.Edge.Calls.Forwarding;
using Cluster.Edge.Calls.Transactions;

namespace Cluster.Edge.Calls;

/// <summary>
/// An INVITE this edge is still routing: the attempt in progress, so a CANCEL from the customer can stop
/// it (and stop failover). Short-lived edge state; it ends with the INVITE's final response.
/// </summary>
public sealed class PendingCall
{
    private readonly object _lock = new();
    private ClientTransaction? _attempt;
    private ForwardedInvite? _invite;

    public bool Cancelled { get; private set; }

    /// <summary>Sets the attempt in progress; false when the call was cancelled meanwhile (do not start it).</summary>
    public bool Begin(ClientTransaction attempt, ForwardedInvite invite)
    {
        lock (_lock)
        {
            if (Cancelled)
            {
                return false;
            }

            _attempt = attempt;
            _invite = invite;
            return true;
        }
    }

    public void Cancel()
    {
        ClientTransaction? attempt;
        ForwardedInvite? invite;
        lock (_lock)
        {
            Cancelled = true;
            attempt = _attempt;
            invite = _invite;
        }

        if (attempt is not null && invite is not null)
        {
            attempt.Cancel(ProxyMessages.HopByHop("CANCEL", invite));
        }
    }
}
