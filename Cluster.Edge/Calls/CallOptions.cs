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

    /// <summary>How often an answered call's legs are checked with in-dialog OPTIONS (0: never). Default 60 s.</summary>
    public TimeSpan DeadCallCheck { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long one attempt may last at most (up to Timer B for its first answer, then Timer C ringing), plus a margin:
    /// the call grain ends a call that hears nothing from its edge for this long, lines freed, as that edge must be
    /// gone. Every vendor the edge offers the call to starts the time again.
    /// </summary>
    public TimeSpan RoutingLease => Timers.NoResponse + Timers.NoAnswer + TimeSpan.FromSeconds(5);

    /// <summary>The call path's settings from the edge's (<c>edge.sip_t1_ms</c>, <c>edge.ring_timeout_s</c>).</summary>
    public static CallOptions From(Configuration.EdgeSettings settings) => new()
    {
        Timers = new TransactionTimers
        {
            T1 = settings.SipT1,
            T2 = settings.SipT1 * 8 > TimeSpan.FromSeconds(4) ? settings.SipT1 * 8 : TimeSpan.FromSeconds(4),
            NoResponse = settings.SipT1 * 64,
            NoAnswer = settings.RingTimeout,
        },
        DeadCallCheck = settings.DeadCallCheck,
    };
}
