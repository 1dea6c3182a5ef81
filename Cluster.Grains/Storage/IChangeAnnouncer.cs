namespace Cluster.Grains.Storage;

/// <summary>
/// How a grain tells every edge about a verdict change it made (block, unblock, suspend, unsuspend, cluster key,
/// provisioning), so edges update their local verdict cache at once, through the change hub (Changes/). The grain stays the authority: an edge that
/// missed a message still asks it. Message forms are those edges parse today (<c>ClusterChange</c>):
/// <c>block ip ADDR UNTIL_MS</c>, <c>unblock ip ADDR</c>, <c>suspend ep USER UNTIL_MS</c>, <c>unsuspend ep USER</c>,
/// <c>cluster-key VERSION</c>, <c>provisioning VERSION</c>.
/// </summary>
public interface IChangeAnnouncer
{
    /// <summary>Best effort: false when it could not be sent now (edges catch up from the grains).</summary>
    Task<bool> AnnounceAsync(string message);
}
