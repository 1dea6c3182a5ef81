namespace Cluster.Grains.Provisioning;

/// <summary>
/// A validated provisioning file. The <c>edge:</c> section belongs to the edge process and is
/// not part of this model.
/// </summary>
public sealed record ProvisioningDocument
{
    public SystemParameters System { get; init; } = SystemParameters.Defaults;

    public RateLimits RateLimits { get; init; } = new();

    /// <summary>trusted: CIDRs or addresses that bypass every per-source limit.</summary>
    public IReadOnlyList<string> Trusted { get; init; } = [];

    /// <summary>scanner_user_agents: User-Agent substrings that mark a scanner.</summary>
    public IReadOnlyList<string> ScannerUserAgents { get; init; } =
        ["friendly-scanner", "sipvicious", "VaxSIPUserAgent", "SIPScan", "sipcli"];

    public IReadOnlyList<Account> Accounts { get; init; } = [];

    public IReadOnlyList<AccountRange> AccountRanges { get; init; } = [];

    public IReadOnlyList<MappingGateway> MappingGateways { get; init; } = [];

    public IReadOnlyList<RoutingGateway> RoutingGateways { get; init; } = [];

    /// <summary>The digest password of <paramref name="user"/>, from accounts or account_ranges.</summary>
    public bool TryGetAccountPassword(string user, out string password)
    {
        foreach (var a in Accounts)
        {
            if (a.User == user)
            {
                password = a.Password;
                return true;
            }
        }

        foreach (var r in AccountRanges)
        {
            if (r.Contains(user))
            {
                password = r.Password;
                return true;
            }
        }

        password = string.Empty;
        return false;
    }

    /// <summary>True when <paramref name="userAgent"/> contains a scanner_user_agents entry (case-insensitive).</summary>
    public bool IsScanner(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return false;
        }

        foreach (var scanner in ScannerUserAgents)
        {
            if (userAgent.Contains(scanner, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public bool HasGateway(string name) =>
        MappingGateways.Any(g => g.Name == name) || RoutingGateways.Any(g => g.Name == name);

    /// <summary>The grain rules this provisioning implies.</summary>
    public GrainPolicy ToGrainPolicy()
    {
        var s = System;
        var r = RateLimits;
        var gateways = new Dictionary<string, GatewayLimits>(StringComparer.Ordinal);
        foreach (var g in MappingGateways)
        {
            gateways[g.Name] = Limits(g.CpsLimit, g.LineLimit, g.MaxCallDurationSeconds);
        }

        foreach (var g in RoutingGateways)
        {
            gateways[g.Name] = Limits(g.CpsLimit, g.LineLimit, g.MaxCallDurationSeconds) with
            {
                ProbeAddress = g.Address,
                ProbeInterval = TimeSpan.FromSeconds(g.OptionsIntervalSeconds),
            };
        }

        var trusted = new List<System.Net.IPNetwork>();
        foreach (var t in Trusted)
        {
            if (TrustedNetworks.TryParseEntry(t, out var net))
            {
                trusted.Add(net);
            }
        }

        return new GrainPolicy
        {
            SourceIp = new SourceIpPolicy
            {
                AllSip = r.AllSip,
                Register = r.Register,
                Invite = r.Invite,
                PikeSamplingUnit = TimeSpan.FromSeconds(r.PikeSamplingUnitSeconds),
                PikeDensity = r.PikeDensity,
                PikeHotUnits = r.PikeHotUnits,
                BlockTime = TimeSpan.FromSeconds(r.BlockTimeSeconds),
                AuthenticationMaxRetry = s.AuthenticationMaxRetry,
                AuthenticationFailedSuspend = s.AuthenticationFailedSuspend,
                AuthFailureWindow = TimeSpan.FromSeconds(r.AuthFailureWindowSeconds),
                IdleExpiry = TimeSpan.FromSeconds(r.IdleExpirySeconds),
                Trusted = new TrustedNetworks(trusted),
            },
            Endpoint = new EndpointPolicy
            {
                RegisterReplace = s.EndpointRegisterReplace,
                MaxBindings = s.EndpointMaxBindings,
                RegisterRetry = s.EndpointRegisterRetry,
                RegisterSuspend = s.EndpointRegisterSuspend,
                SuspendTime = TimeSpan.FromSeconds(s.EndpointRegisterSuspendTimeSeconds),
                TimeToLive = TimeSpan.FromSeconds(s.EndpointTimeToLiveSeconds),
            },
            Gateways = gateways,
        };
    }

    // A lease taken at the INVITE outlives the longest ringing (Timer C, 180 s) plus the longest allowed call by a
    // minute, then frees itself: so a vendor's line, which nobody renews at the answer, is still held when the
    // silo hangs the call up at its maximum duration.
    private const int LongestRingingS = 180;

    private static GatewayLimits Limits(int cps, int lines, int maxDurationS) => new()
    {
        CpsLimit = cps,
        LineLimit = lines,
        LeaseTime = TimeSpan.FromSeconds(LongestRingingS + maxDurationS + 60),
    };
}
