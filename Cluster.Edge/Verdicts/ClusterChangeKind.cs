namespace Cluster.Edge.Verdicts;

public enum ClusterChangeKind
{
    Unknown,
    Provisioning,
    Block,
    Unblock,
    Suspend,
    Unsuspend,
    ClusterKey,
}
