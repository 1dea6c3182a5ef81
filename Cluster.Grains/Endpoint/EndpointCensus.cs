namespace Cluster.Grains;

/// <summary>Counts of one shard's accounts (or the cluster's, summed) that have grain state now.</summary>
/// <param name="Endpoints">Accounts with state (bindings, a suspension or remembered failures).</param>
/// <param name="Online">With a live binding, heard from within SS_ENDPOINTTIMETOLIVE.</param>
/// <param name="Suspended">Suspended after failed registrations.</param>
[GenerateSerializer, Immutable, Alias("ep.EndpointCensus")]
public sealed record EndpointCensus(int Endpoints, int Online, int Suspended)
{
    public static EndpointCensus Zero { get; } = new(0, 0, 0);

    public EndpointCensus Plus(EndpointCensus other) =>
        new(Endpoints + other.Endpoints, Online + other.Online, Suspended + other.Suspended);
}
