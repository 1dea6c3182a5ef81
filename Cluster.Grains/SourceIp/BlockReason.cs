namespace Cluster.Grains;

/// <summary>Why a source IP is on the dynamic blacklist.</summary>
[GenerateSerializer]
public enum BlockReason
{
    None = 0,

    /// <summary>Pike-style persistent overflow: request density above the limit for several sampling units.</summary>
    Flood,

    /// <summary>Failed digest authentications reached SS_AUTHENTICATION_MAX_RETRY within the window.</summary>
    AuthFailures,

    /// <summary>A scanner User-Agent (friendly-scanner, sipvicious, …) was seen.</summary>
    Scanner,

    /// <summary>An operator blocked it.</summary>
    Manual,
}
