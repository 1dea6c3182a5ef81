namespace Cluster.Grains.Cdr;

/// <summary>Who ended the call, as the CDR's <c>released_by</c> column spells it.</summary>
public enum CallReleaser
{
    /// <summary>The customer: its BYE, its CANCEL, or its INVITE refused before any vendor was offered it.</summary>
    Caller,

    /// <summary>The vendor: its BYE, or its final non-2xx response.</summary>
    Callee,

    /// <summary>The call reached the lower of the two gateways' maximum durations.</summary>
    MaximumDuration,

    /// <summary>A leg stopped answering in-dialog OPTIONS.</summary>
    DeadCall,

    /// <summary>Refused by a limit or a missing cluster part (CPS, lines, no route, no vendor, grain unavailable).</summary>
    Overload,

    /// <summary>The edge routing the call went away before the call was answered or failed.</summary>
    EdgeLost,

    /// <summary>An operator's <c>calls hangup</c>.</summary>
    Operator,
}
