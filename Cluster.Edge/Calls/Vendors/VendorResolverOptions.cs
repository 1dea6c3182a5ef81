using System.Net;
using Cluster.Edge.Configuration;

namespace Cluster.Edge.Calls.Vendors;

/// <summary>How vendor names are resolved and how long answers are kept. Setters refuse values no resolver can run with.</summary>
public sealed class VendorResolverOptions
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(1);
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(2);
    private readonly TimeSpan _minimumTtl = TimeSpan.FromSeconds(5);
    private readonly TimeSpan _maximumTtl = TimeSpan.FromSeconds(300);
    private readonly TimeSpan _negativeTtl = TimeSpan.FromSeconds(5);

    /// <summary>Name servers asked, in order (edge.dns_servers). Default empty: the system's, from <c>/etc/resolv.conf</c>.</summary>
    public IReadOnlyList<IPEndPoint> DnsServers { get; init; } = [];

    /// <summary>
    /// How long one resolution may take, SRV and every A/AAAA it leads to (edge.dns_timeout_ms); past it the name
    /// counts as not resolving. Default 2 s, at most 1 min.
    /// </summary>
    public TimeSpan Timeout
    {
        get => _timeout;
        init => _timeout = value > TimeSpan.Zero && value <= MaxTimeout ? value : throw new ArgumentOutOfRangeException(nameof(Timeout), value, "must be positive and at most 1 minute");
    }

    /// <summary>Answers are kept at least this long, whatever their TTL says (a TTL of 0 would ask on every call). Default 5 s.</summary>
    public TimeSpan MinimumTtl
    {
        get => _minimumTtl;
        init => _minimumTtl = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(MinimumTtl), value, "must be positive");
    }

    /// <summary>Answers are kept at most this long, so a vendor's DNS change reaches calls within it. Default 300 s.</summary>
    public TimeSpan MaximumTtl
    {
        get => _maximumTtl;
        init => _maximumTtl = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(MaximumTtl), value, "must be positive");
    }

    /// <summary>
    /// A name that did not resolve (NXDOMAIN, no records, no answer in time) is not asked again for this long;
    /// an answer that lacked part of its records for a failure is kept no longer either. Default 5 s.
    /// </summary>
    public TimeSpan NegativeTtl
    {
        get => _negativeTtl;
        init => _negativeTtl = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(NegativeTtl), value, "must be positive");
    }

    /// <summary>The resolver options an edge's settings ask for.</summary>
    public static VendorResolverOptions From(EdgeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new VendorResolverOptions { DnsServers = settings.DnsServers, Timeout = settings.DnsTimeout };
    }

    /// <summary>How long an answer whose smallest TTL is <paramref name="ttlSeconds"/> is kept: the TTL within [<see cref="MinimumTtl"/>, <see cref="MaximumTtl"/>].</summary>
    public TimeSpan CacheFor(long ttlSeconds)
    {
        var ttl = TimeSpan.FromSeconds(Math.Clamp(ttlSeconds, 0, (long)MaximumTtl.TotalSeconds + 1));
        return ttl < MinimumTtl ? MinimumTtl : ttl > MaximumTtl ? MaximumTtl : ttl;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the TTL bounds contradict each other.</summary>
    public void Validate()
    {
        if (MinimumTtl > MaximumTtl)
        {
            throw new ArgumentException($"{nameof(MinimumTtl)} ({MinimumTtl}) exceeds {nameof(MaximumTtl)} ({MaximumTtl})");
        }
    }
}
