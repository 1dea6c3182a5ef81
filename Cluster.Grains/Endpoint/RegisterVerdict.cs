namespace Cluster.Grains;

/// <summary>Verdict of a Register turn.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Bindings">Live bindings after the turn.</param>
/// <param name="Replaced">Bindings removed because SS_ENDPOINT_REGISTER_REPLACE is on.</param>
/// <param name="SuspendedUntil">End of the suspension, when suspended.</param>
[GenerateSerializer, Immutable, Alias("ep.RegisterVerdict")]
public sealed record RegisterVerdict(RegisterOutcome Outcome, int Bindings, int Replaced, DateTimeOffset? SuspendedUntil)
{
    /// <summary>Every live binding after a change (Registered or Unregistered), so a 200 can list them without another turn.</summary>
    [Id(10)]
    public IReadOnlyList<BoundContact> Contacts { get; init; } = Array.Empty<BoundContact>();
}
