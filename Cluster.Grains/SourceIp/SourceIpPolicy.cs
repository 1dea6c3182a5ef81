namespace Cluster.Grains;

/// <summary>
/// Per-source limits, shared by every source-IP grain. Defaults are the iptables hashlimit
/// figures operators use (REGISTER 5/s burst 10, all SIP 20/s burst 50) and VOS3000's
/// SS_AUTHENTICATION_* defaults.
/// </summary>
public sealed record SourceIpPolicy
{
    /// <summary>rate_limits.all_sip. Default 20/s burst 50.</summary>
    public TokenBucketSpec AllSip { get; init; } = new(20, 50);

    /// <summary>rate_limits.register. Default 5/s burst 10.</summary>
    public TokenBucketSpec Register { get; init; } = new(5, 10);

    /// <summary>rate_limits.invite. Default 10/s burst 20.</summary>
    public TokenBucketSpec Invite { get; init; } = new(10, 20);

    /// <summary>rate_limits.pike.sampling_unit_s: length of one pike sampling unit. Default 2 s.</summary>
    public TimeSpan PikeSamplingUnit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>rate_limits.pike.density: requests per sampling unit above which the unit is hot. Default 100 (50/s). 0 disables.</summary>
    public int PikeDensity { get; init; } = 100;

    /// <summary>rate_limits.pike.hot_units: consecutive hot units that block the source. Default 3.</summary>
    public int PikeHotUnits { get; init; } = 3;

    /// <summary>rate_limits.block_time_s: how long a flood or auth-failure block lasts. Default 600 s.</summary>
    public TimeSpan BlockTime { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>system.authentication_max_retry (SS_AUTHENTICATION_MAX_RETRY). Default 5.</summary>
    public int AuthenticationMaxRetry { get; init; } = 5;

    /// <summary>system.authentication_failed_suspend (SS_AUTHENTICATION_FAILED_SUSPEND). Default on.</summary>
    public bool AuthenticationFailedSuspend { get; init; } = true;

    /// <summary>rate_limits.auth_failure_window_s: failures older than this are forgotten. Default 60 s.</summary>
    public TimeSpan AuthFailureWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>rate_limits.idle_expiry_s: an idle grain's key expires after this (hashlimit: 30 s). Default 30 s.</summary>
    public TimeSpan IdleExpiry { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>trusted: addresses and CIDRs that bypass every limit.</summary>
    public TrustedNetworks Trusted { get; init; } = TrustedNetworks.None;
}
