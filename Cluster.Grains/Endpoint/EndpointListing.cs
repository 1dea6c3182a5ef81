namespace Cluster.Grains;

/// <summary>A bounded listing of accounts with grain state, sorted by user.</summary>
/// <param name="Endpoints">At most the limit asked for.</param>
/// <param name="Total">Accounts with state in the cluster when counted; more than listed means truncated.</param>
public sealed record EndpointListing(IReadOnlyList<EndpointState> Endpoints, int Total)
{
    public bool Truncated => Total > Endpoints.Count;
}
