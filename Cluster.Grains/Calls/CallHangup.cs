namespace Cluster.Grains.Calls;

/// <summary>
/// An answered call the cluster ends itself: the BYE into each leg with its Reason header (Q.850 102 for our timers,
/// 16 for an operator), and whether an edge took the BYEs (else the silo sends them from its own socket).
/// </summary>
[GenerateSerializer]
[Alias("call.hangup")]
public sealed record CallHangup(
    [property: Id(0)] string CallId,
    [property: Id(1)] LegRequest ToCustomer,
    [property: Id(2)] LegRequest ToVendor,
    [property: Id(3)] long TalkMs,
    [property: Id(4)] string ReasonHeader,
    [property: Id(5)] bool SentByEdge = false)
{
    public static string ReasonOf(Cdr.CallReleaser releasedBy) => releasedBy switch
    {
        Cdr.CallReleaser.MaximumDuration => "Reason: Q.850;cause=102;text=\"maximum call duration\"\r\n",
        Cdr.CallReleaser.DeadCall => "Reason: Q.850;cause=102;text=\"dead call\"\r\n",
        _ => "Reason: Q.850;cause=16;text=\"operator\"\r\n",
    };
}
