namespace Cluster.Grains;

/// <summary>What an edge does with a request from a source IP.</summary>
[GenerateSerializer]
public enum SourceIpDecision
{
    /// <summary>Process it.</summary>
    Admitted = 0,

    /// <summary>Over a token bucket: drop this request, the source is not blocked.</summary>
    Throttled = 1,

    /// <summary>The source is on the blacklist: drop with no processing.</summary>
    Blocked = 2,

    /// <summary>This request tipped the source over (flood or auth failures): now blocked.</summary>
    NewlyBlocked = 3,

    /// <summary>Trusted IP or CIDR: never limited, decided without a grain call.</summary>
    Trusted = 4,
}
