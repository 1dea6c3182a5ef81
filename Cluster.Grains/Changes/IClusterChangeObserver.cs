using Orleans.Concurrency;

namespace Cluster.Grains.Changes;

/// <summary>An edge (or silo) listening for verdict and provisioning changes; called one-way by the hub.</summary>
public interface IClusterChangeObserver : IGrainObserver
{
    /// <summary>Change number <paramref name="sequence"/> of hub epoch <paramref name="epoch"/> (message forms: Storage/IChangeAnnouncer.cs).</summary>
    [OneWay]
    Task Changed(long epoch, long sequence, string message);
}
