namespace Cluster.Grains.Calls;

/// <summary>The grain's answer to an in-dialog request: the outcome and, to relay, the request to send into the other leg.</summary>
[GenerateSerializer]
[Alias("call.in-dialog-verdict")]
public sealed record InDialogVerdict(
    [property: Id(0)] InDialogOutcome Outcome,
    [property: Id(1)] LegRequest? Onward = null,
    [property: Id(2)] bool CallEnded = false)
{
    public static readonly InDialogVerdict NoCall = new(InDialogOutcome.NoCall);
    public static readonly InDialogVerdict Forbidden = new(InDialogOutcome.Forbidden);
    public static readonly InDialogVerdict Glare = new(InDialogOutcome.Glare);
    public static readonly InDialogVerdict Absorb = new(InDialogOutcome.Absorb);
}
