using Cluster.Edge.Calls.Transactions;

namespace Cluster.Edge.Calls;

/// <summary>Call path settings; every default is what a VOS3000 operator expects.</summary>
public sealed record CallOptions
{
    /// <summary>Routing gateways tried per call before giving up (VOS3000 "gateway switch" limit). Default 3.</summary>
    public int SwitchLimit { get; init; } = 3;

    /// <summary>Answer when the mapping gateway's lines are all in use: 503 (default) or 486.</summary>
    public int LinesFullStatus { get; init; } = 503;

    /// <summary>Final responses of a vendor that move the call to the next routing gateway: 408, 5xx, 6xx.</summary>
    public Func<int, bool> FailsOver { get; init; } = static status => status == 408 || status >= 500;

    public TransactionTimers Timers { get; init; } = new();

    /// <summary>
    /// How long this edge may route a call at most (every vendor ringing to Timer C after Timer B): the call grain ends
    /// a call still ringing past it with its lines freed, as the edge routing it must be gone.
    /// </summary>
    public TimeSpan RoutingDeadline => (Timers.NoAnswer + Timers.NoResponse) * SwitchLimit + TimeSpan.FromSeconds(30);
}
