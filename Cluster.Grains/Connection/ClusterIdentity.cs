namespace Cluster.Grains.Connection;

/// <summary>The Orleans cluster every silo and edge of one deployment joins (membership rows in Redis are keyed by it).</summary>
public static class ClusterIdentity
{
    public const string ClusterId = "softswitch";

    public const string ServiceId = "softswitch";
}
