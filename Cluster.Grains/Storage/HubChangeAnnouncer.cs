using Cluster.Grains.Changes;
using Cluster.Grains.Connection;

namespace Cluster.Grains.Storage;

/// <summary><see cref="IChangeAnnouncer"/> for grains: through the cluster's change hub, which pushes to every edge.</summary>
public sealed class HubChangeAnnouncer(IGrainFactory orleans) : IChangeAnnouncer
{
    public async Task<bool> AnnounceAsync(string message)
    {
        try
        {
            await GrainRefs.Resolve(() => orleans.GetGrain<IClusterChangesGrain>(IClusterChangesGrain.Key)).AnnounceAsync(message).ConfigureAwait(false);
            return true;
        }
        catch (GrainUnavailableException)
        {
            return false;
        }
    }
}
