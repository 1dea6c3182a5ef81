namespace Cluster.Edge.Calls.Transactions;

/// <summary>RFC 3261 §17.1 timers of the client transactions this edge runs towards vendors.</summary>
public sealed record TransactionTimers
{
    /// <summary>T1, the round-trip estimate; retransmissions start at T1 and double. Default 500 ms.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>T2, the cap of non-INVITE retransmission intervals. Default 4 s.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Timer B / F: no answer at all from the next hop in this long is a timeout (408, failover). Default 64·T1 = 32 s.</summary>
    public TimeSpan NoResponse { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>Timer C: after a provisional response, no final one in this long cancels the attempt (408). Default 180 s.</summary>
    public TimeSpan NoAnswer { get; init; } = TimeSpan.FromSeconds(180);
}
