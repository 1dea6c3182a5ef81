namespace Cluster.Grains.Signalling;

/// <summary>
/// The edges alive now (one grain, key 0): each edge joins every <see cref="RefreshInterval"/>; one not heard from in
/// three intervals is gone. Call grains pick one to send the cluster's own requests (hang-ups, dead-call checks).
/// </summary>
public interface IEdgeDirectoryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(20);

    Task JoinAsync(string edge, IEdgeSignaller signaller);

    Task LeaveAsync(string edge);

    /// <summary>A live edge, in turn; null when none is known.</summary>
    Task<EdgeChoice?> PickAsync();
}
