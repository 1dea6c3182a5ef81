using Orleans.Concurrency;

namespace Cluster.Grains;

/// <summary>
/// The cluster's system parameters (<c>sys:{params}</c>), written by the silo from provisioning
/// and read by edges, which cache them and refresh on the change notification.
/// </summary>
public interface ISystemParametersGrain : IGrainWithStringKey
{
    /// <summary>The grain's one key.</summary>
    public const string Key = "params";

    /// <summary>The current parameters; VOS3000 defaults when nothing was provisioned.</summary>
    [ReadOnly]
    Task<SystemParameters> GetAsync();

    /// <summary>
    /// Replaces the parameters and the provisioning document atomically, then publishes
    /// <c>provisioning VERSION</c> on the change channel. Returns the new version.
    /// </summary>
    Task<long> SetAsync(SystemParameters parameters, string provisioningJson);

    /// <summary>Extends the lifetime of the stored provisioning. False when it is gone and must be written again.</summary>
    Task<bool> TouchAsync();
}
