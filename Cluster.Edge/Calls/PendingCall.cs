using Cluster.Edge.Calls.Transactions;

namespace Cluster.Edge.Calls;

/// <summary>
/// An INVITE this edge is still routing: the attempt in progress and its CANCEL, so a CANCEL from the customer can
/// stop it (and stop failover). Short-lived edge state; it ends with the INVITE's final response.
/// </summary>
public sealed class PendingCall
{
    private readonly Lock _lock = new();
    private ClientTransaction? _attempt;
    private byte[]? _cancel;

    public bool Cancelled { get; private set; }

    /// <summary>Sets the attempt in progress; false when the call was cancelled meanwhile (do not start it).</summary>
    public bool Begin(ClientTransaction attempt, byte[] cancel)
    {
        lock (_lock)
        {
            if (Cancelled)
            {
                return false;
            }

            _attempt = attempt;
            _cancel = cancel;
            return true;
        }
    }

    public void Cancel()
    {
        ClientTransaction? attempt;
        byte[]? cancel;
        lock (_lock)
        {
            Cancelled = true;
            attempt = _attempt;
            cancel = _cancel;
        }

        if (attempt is not null && cancel is not null)
        {
            attempt.Cancel(cancel);
        }
    }
}
