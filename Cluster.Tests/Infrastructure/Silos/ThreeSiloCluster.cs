namespace Cluster.Tests.Infrastructure.Silos;

/// <summary>An <see cref="OrleansCluster"/> of three silos, so one can die and two remain to take its grains.</summary>
public sealed class ThreeSiloCluster : OrleansCluster
{
    protected override short SiloCount => 3;
}
