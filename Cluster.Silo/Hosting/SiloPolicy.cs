using Cluster.Grains.Hosting;
using Cluster.Grains;
using Cluster.Grains.Provisioning;

namespace Cluster.Silo.Hosting;

/// <summary>
/// Applies provisioning's rules on this silo: to the Orleans grains it hosts (<see cref="GrainPolicySource"/>) and to
/// the kinds that still run as Redis turns (whose limits travel with each call).
/// </summary>
internal sealed class SiloPolicy(GrainPolicySource grains, ClusterRedis clusterRedis)
{
    public void Apply(ProvisioningDocument doc)
    {
        var policy = doc.ToGrainPolicy();
        grains.Current = policy;
        clusterRedis.Policy = policy;
    }
}
