namespace Cluster.Grains.Provisioning;

/// <summary>rate_limits: per-source limits (defaults from the iptables hashlimit setups in the field).</summary>
public sealed record RateLimits
{
    public TokenBucketSpec AllSip { get; init; } = new(20, 50);

    public TokenBucketSpec Register { get; init; } = new(5, 10);

    public TokenBucketSpec Invite { get; init; } = new(10, 20);

    /// <summary>block_time_s: dynamic blacklist entry lifetime. Default 600 s.</summary>
    public int BlockTimeSeconds { get; init; } = 600;

    /// <summary>auth_failure_window_s. Default 60 s.</summary>
    public int AuthFailureWindowSeconds { get; init; } = 60;

    /// <summary>idle_expiry_s: idle source grains are forgotten after this. Default 30 s.</summary>
    public int IdleExpirySeconds { get; init; } = 30;

    /// <summary>pike.sampling_unit_s. Default 2 s.</summary>
    public int PikeSamplingUnitSeconds { get; init; } = 2;

    /// <summary>pike.density: requests per unit above which it is hot. Default 100.</summary>
    public int PikeDensity { get; init; } = 100;

    /// <summary>pike.hot_units: consecutive hot units that block. Default 3.</summary>
    public int PikeHotUnits { get; init; } = 3;
}
