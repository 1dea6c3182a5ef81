namespace Cluster.Edge.Defense;

/// <summary>What the source guard decided: pass, shed in silence, or refuse with 403.</summary>
public readonly record struct GuardVerdict(GuardAction Action, string Reason)
{
    public static GuardVerdict Pass { get; } = new(GuardAction.Pass, string.Empty);

    public static GuardVerdict Drop(string reason) => new(GuardAction.Drop, reason);

    public static GuardVerdict Refuse(string reason) => new(GuardAction.Refuse, reason);
}
