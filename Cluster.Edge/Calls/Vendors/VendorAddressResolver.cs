using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Cluster.Edge.Configuration;
using Cluster.Edge.Transport;
using Cluster.Grains.Provisioning;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Calls.Vendors;

/// <summary>
/// Turns a routing gateway's <c>address</c> into the endpoints to send to (RFC 3263 §4 for UDP and TCP: SRV, then
/// A/AAAA; no NAPTR, no TLS), the I/O shell around <see cref="VendorLookupPlan"/> and <see cref="VendorSrvOrder"/>.
/// Answers are cached per name and transport for their TTL (within <see cref="VendorResolverOptions.MinimumTtl"/> and
/// <see cref="VendorResolverOptions.MaximumTtl"/>), failures for <see cref="VendorResolverOptions.NegativeTtl"/>;
/// callers asking for a name being looked up wait for that one lookup; a lookup ends after
/// <see cref="VendorResolverOptions.Timeout"/> of <see cref="TimeProvider"/> time. A name that does not resolve gives
/// null, for the caller to skip the vendor like an offline one, and is logged once per change of its state.
/// IP literals are answered at once, with no query and no cache.
/// </summary>
public sealed class VendorAddressResolver
{
    private readonly LookupClient _dns;
    private readonly VendorResolverOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, VendorCacheEntry> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TaskCompletionSource<VendorCacheEntry>> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _resolvable = new(StringComparer.Ordinal);
    private long _queries;

    public VendorAddressResolver(VendorResolverOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (_options, _time, _logger) = (options, time, logger);
        var client = options.DnsServers.Count == 0
            ? new LookupClientOptions()
            : new LookupClientOptions(options.DnsServers.Select(s => new NameServer(s)).ToArray());

        // Our cache keeps time by the TimeProvider, and our deadline token is the only timeout: the library's own
        // cache, timeout and retries would each run on a clock of their own.
        client.UseCache = false;
        client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        client.Retries = 0;
        client.ThrowDnsErrors = false;
        client.UseRandomNameServer = false;
        client.ContinueOnEmptyResponse = false;
        _dns = new LookupClient(client);
    }

    /// <summary>A resolver with the edge's <c>edge.dns_servers</c> and <c>edge.dns_timeout_ms</c>.</summary>
    public static VendorAddressResolver FromSettings(EdgeSettings settings, TimeProvider time, ILogger logger) =>
        new(VendorResolverOptions.From(settings), time, logger);

    /// <summary>DNS questions sent so far (each SRV, A and AAAA counts one).</summary>
    public long QueriesSent => Interlocked.Read(ref _queries);

    /// <summary>Where <paramref name="vendor"/>'s requests go, over its <c>transport</c>; null when its name does not resolve.</summary>
    public ValueTask<VendorTarget?> ResolveAsync(RoutingGateway vendor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vendor);
        return ResolveAsync(vendor.Address, vendor.Transport == VendorTransport.Tcp ? SipTransportKind.Tcp : SipTransportKind.Udp, cancellationToken);
    }

    /// <summary>
    /// The endpoints to try for <paramref name="address"/> (<c>IP</c>, <c>IP:port</c>, <c>[IPv6]:port</c>, <c>host</c>,
    /// <c>host:port</c>), first to last; null when it is no address or its name does not resolve (NXDOMAIN, no records,
    /// no answer within the timeout). Cancelling stops this caller's wait, not the lookup others may share.
    /// </summary>
    public ValueTask<VendorTarget?> ResolveAsync(string address, SipTransportKind transport, CancellationToken cancellationToken)
    {
        if (!VendorAddress.TryParse(address, out var parsed))
        {
            return ValueTask.FromResult<VendorTarget?>(null);
        }

        var plan = VendorLookupPlan.For(parsed, transport);
        if (plan.Literal is { } literal)
        {
            return ValueTask.FromResult<VendorTarget?>(new VendorTarget([literal], transport));
        }

        if (_cache.TryGetValue(plan.Key, out var cached) && cached.Until > _time.GetUtcNow())
        {
            return ValueTask.FromResult(cached.Target);
        }

        return new ValueTask<VendorTarget?>(LookupSharedAsync(address, plan, transport, cancellationToken));
    }

    private async Task<VendorTarget?> LookupSharedAsync(string address, VendorLookupPlan plan, SipTransportKind transport, CancellationToken cancellationToken)
    {
        TaskCompletionSource<VendorCacheEntry>? pending;
        var start = false;
        lock (_lock)
        {
            if (_cache.TryGetValue(plan.Key, out var cached) && cached.Until > _time.GetUtcNow())
            {
                return cached.Target;
            }

            if (!_inFlight.TryGetValue(plan.Key, out pending))
            {
                pending = new TaskCompletionSource<VendorCacheEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
                _inFlight[plan.Key] = pending;
                start = true;
            }
        }

        if (start)
        {
            _ = LookupAndStoreAsync(address, plan, transport, pending);
        }

        var entry = await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return entry.Target;
    }

    private async Task LookupAndStoreAsync(string address, VendorLookupPlan plan, SipTransportKind transport, TaskCompletionSource<VendorCacheEntry> pending)
    {
        VendorCacheEntry entry;
        try
        {
            entry = await LookupAsync(plan, transport).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Whatever went wrong, the waiting callers get an answer and the name is asked again soon.
            entry = new VendorCacheEntry(null, _time.GetUtcNow() + _options.NegativeTtl, e.Message);
        }

        bool? was;
        lock (_lock)
        {
            _cache[plan.Key] = entry;
            _inFlight.Remove(plan.Key);
            was = _resolvable.TryGetValue(plan.Key, out var before) ? before : null;
            _resolvable[plan.Key] = entry.Target is not null;
        }

        Log(address, transport, entry, was);
        pending.SetResult(entry);
    }

    private void Log(string address, SipTransportKind transport, VendorCacheEntry entry, bool? was)
    {
        var kind = transport == SipTransportKind.Tcp ? "tcp" : "udp";
        if (entry.Target is not { } target)
        {
            if (was is not false)
            {
                VendorsLog.Unresolvable(_logger, address, kind, entry.Why ?? "no records", (int)_options.NegativeTtl.TotalSeconds);
            }

            return;
        }

        if (was is false)
        {
            VendorsLog.ResolvesAgain(_logger, address, kind, string.Join(", ", target.EndPoints));
        }
        else if (was is null && _logger.IsEnabled(LogLevel.Debug))
        {
            VendorsLog.Resolved(_logger, address, kind, string.Join(", ", target.EndPoints));
        }
    }

    private async Task<VendorCacheEntry> LookupAsync(VendorLookupPlan plan, SipTransportKind transport)
    {
        using var deadline = new CancellationTokenSource(_options.Timeout, _time);
        var token = deadline.Token;
        var failures = new List<string>();
        if (plan.SrvName is { } srvName)
        {
            var srv = await QueryAsync(srvName, QueryType.SRV, token).ConfigureAwait(false);
            var records = srv.Response?.Answers.SrvRecords().ToList() ?? [];
            if (records.Count > 0)
            {
                var targets = VendorSrvOrder.Order(records.Select(r => new VendorSrvTarget(r.Target.Value.TrimEnd('.'), r.Port, r.Priority, r.Weight)));
                if (targets.Count == 0)
                {
                    return Negative($"{srvName} says the service is not offered (SRV target '.')");
                }

                var lookups = targets.Select(t => AddressesAsync(t.Host, t.Port, token)).ToArray();
                await Task.WhenAll(lookups).ConfigureAwait(false);
                var endPoints = new List<IPEndPoint>();
                var ttl = (long)records.Min(r => r.InitialTimeToLive);
                foreach (var lookup in lookups)
                {
                    var (found, foundTtl, failure) = lookup.Result;
                    endPoints.AddRange(found.Where(e => !endPoints.Contains(e)));
                    ttl = found.Count > 0 ? Math.Min(ttl, foundTtl) : ttl;
                    if (failure is not null)
                    {
                        failures.Add(failure);
                    }
                }

                return endPoints.Count == 0
                    ? Negative(failures.Count > 0 ? string.Join("; ", failures.Distinct()) : $"no A or AAAA records for the targets of {srvName}")
                    : Positive(endPoints, transport, ttl, partial: failures.Count > 0);
            }

            // No SRV (none, NXDOMAIN, or a server that cannot answer SRV): A/AAAA of the name on 5060 (RFC 3263 §4.2).
            // A timeout has spent the deadline, so the A/AAAA questions below end at once with the same reason.
        }

        var (direct, directTtl, directFailure) = await AddressesAsync(plan.Host, plan.Port, token).ConfigureAwait(false);
        return direct.Count == 0
            ? Negative(directFailure ?? $"no A or AAAA records for {plan.Host}")
            : Positive(direct, transport, directTtl, partial: directFailure is not null);
    }

    private VendorCacheEntry Positive(List<IPEndPoint> endPoints, SipTransportKind transport, long ttlSeconds, bool partial)
    {
        var keep = _options.CacheFor(ttlSeconds);
        if (partial && keep > _options.NegativeTtl)
        {
            keep = _options.NegativeTtl; // the part that failed is asked again soon
        }

        return new VendorCacheEntry(new VendorTarget(endPoints, transport), _time.GetUtcNow() + keep, null);
    }

    private VendorCacheEntry Negative(string why) => new(null, _time.GetUtcNow() + _options.NegativeTtl, why);

    // A and AAAA of one host, asked together; the endpoints in answer order (IPv4 first), the smallest TTL among them,
    // and what failed (transiently: a timeout or a server error) if anything did.
    private async Task<(List<IPEndPoint> EndPoints, long Ttl, string? Failure)> AddressesAsync(string host, int port, CancellationToken token)
    {
        var a = QueryAsync(host, QueryType.A, token);
        var aaaa = QueryAsync(host, QueryType.AAAA, token);
        await Task.WhenAll(a, aaaa).ConfigureAwait(false);
        var endPoints = new List<IPEndPoint>();
        var ttl = long.MaxValue;
        string? failure = null;
        foreach (var (response, why, _) in new[] { a.Result, aaaa.Result })
        {
            if (why is not null)
            {
                failure ??= why;
            }

            foreach (var record in response?.Answers.OfType<AddressRecord>() ?? [])
            {
                var endPoint = new IPEndPoint(record.Address, port);
                if ((record is ARecord && record.Address.AddressFamily == AddressFamily.InterNetwork
                        || record is AaaaRecord && record.Address.AddressFamily == AddressFamily.InterNetworkV6)
                    && !endPoints.Contains(endPoint))
                {
                    endPoints.Add(endPoint);
                    ttl = Math.Min(ttl, record.InitialTimeToLive);
                }
            }
        }

        return (endPoints, endPoints.Count > 0 ? ttl : 0, failure);
    }

    private async Task<(IDnsQueryResponse? Response, string? Failure, bool Transient)> QueryAsync(string name, QueryType type, CancellationToken token)
    {
        if (token.IsCancellationRequested)
        {
            return (null, $"no answer within {_options.Timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms", true);
        }

        Interlocked.Increment(ref _queries);
        try
        {
            var response = await _dns.QueryAsync(name, type, QueryClass.IN, token).WaitAsync(token).ConfigureAwait(false);
            return response.Header.ResponseCode switch
            {
                DnsHeaderResponseCode.NoError => (response, null, false),
                DnsHeaderResponseCode.NotExistentDomain => (response, $"{name} does not exist (NXDOMAIN)", false),
                var code => (response, $"{name} {type}: the name server answered {code}", true),
            };
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return (null, $"no answer within {_options.Timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms", true);
        }
        catch (Exception e) when (e is DnsResponseException or SocketException or TimeoutException or InvalidOperationException)
        {
            return (null, token.IsCancellationRequested
                ? $"no answer within {_options.Timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms"
                : $"{name} {type}: {e.Message}", true);
        }
    }
}
