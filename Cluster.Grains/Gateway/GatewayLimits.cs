namespace Cluster.Grains;

/// <summary>Limits of one mapping or routing gateway, from provisioning.</summary>
public sealed record GatewayLimits
{
    /// <summary>cps_limit: call attempts per second (over it: 503). 0 = unlimited. Default 0.</summary>
    public double CpsLimit { get; init; }

    /// <summary>Bucket depth for the CPS limit; by default one second's worth (at least 1).</summary>
    public int CpsBurst { get; init; }

    /// <summary>line_limit: concurrent calls. 0 = unlimited. Default 0.</summary>
    public int LineLimit { get; init; }

    /// <summary>
    /// How long a line lease lives without a Release: the longest ringing (180 s) plus max_call_duration_s
    /// plus a minute, so a lease whose edge vanished frees itself. Default 2 h.
    /// </summary>
    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Width of one ASR/ACD bucket. Default 60 s.</summary>
    public TimeSpan StatsBucket { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Buckets in the sliding ASR/ACD window. Default 15 (15 minutes).</summary>
    public int StatsBuckets { get; init; } = 15;

    /// <summary>Consecutive failed probes that take the gateway offline. Default 3.</summary>
    public int ProbeDownAfter { get; init; } = 3;

    /// <summary>Consecutive good probes that bring it back online. Default 2.</summary>
    public int ProbeUpAfter { get; init; } = 2;

    /// <summary>Where OPTIONS probes go (a routing gateway's address, host:port); null for none.</summary>
    public string? ProbeAddress { get; init; }

    /// <summary>options_interval_s: how often the gateway is probed; zero turns probing off. Default off.</summary>
    public TimeSpan ProbeInterval { get; init; }

    public int EffectiveCpsBurst => CpsBurst > 0 ? CpsBurst : Math.Max(1, (int)Math.Ceiling(CpsLimit));

    public static GatewayLimits Unlimited { get; } = new();
}
