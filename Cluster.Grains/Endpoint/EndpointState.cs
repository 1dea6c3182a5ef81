namespace Cluster.Grains;

/// <summary>What ops see of an endpoint grain.</summary>
/// <param name="Online">Heard from within SS_ENDPOINTTIMETOLIVE and has a live binding.</param>
[GenerateSerializer, Immutable, Alias("ep.EndpointState")]
public sealed record EndpointState(
    string User,
    IReadOnlyList<Binding> Bindings,
    int ConsecutiveFailures,
    DateTimeOffset? SuspendedUntil,
    DateTimeOffset? LastSeen,
    bool Online)
{
    public bool Suspended => SuspendedUntil is not null;
}
