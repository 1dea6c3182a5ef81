namespace Cluster.Grains.Changes;

/// <summary>
/// The cluster's change hub (one grain): every block, unblock, suspension, unsuspension, key rotation and provisioning
/// change is announced here and pushed to every subscribed edge and silo at once (grain observers), replacing Redis
/// pub/sub. It keeps the last <see cref="ClusterChangesGrain.LogLength"/> changes so a listener that was away
/// catches up on resubscribing.
/// </summary>
public interface IClusterChangesGrain : IGrainWithStringKey
{
    public const string Key = "cluster";

    /// <summary>Announces one change to every listener; returns its sequence number.</summary>
    Task<long> AnnounceAsync(string message);

    /// <summary>
    /// Subscribes (or renews) <paramref name="listener"/> for <see cref="ClusterChangesGrain.ListenerLease"/>, and returns what it
    /// missed after change <paramref name="lastSequence"/> of epoch <paramref name="epoch"/>.
    /// </summary>
    Task<ChangeCatchUp> SubscribeAsync(IClusterChangeObserver listener, long epoch, long lastSequence);
}
