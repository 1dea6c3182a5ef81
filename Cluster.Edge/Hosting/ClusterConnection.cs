using Cluster.Edge.Auth;
using Cluster.Edge.Calls;
using Cluster.Edge.Calls.Vendors;
using Cluster.Edge.Defense;
using Cluster.Edge.Metrics;
using Cluster.Edge.Provisioning;
using Cluster.Edge.Registrar;
using Cluster.Edge.Verdicts;
using Cluster.Grains.Changes;
using Cluster.Grains;
using Cluster.Grains.Hosting;
using Cluster.Grains.Provisioning;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Hosting;

/// <summary>
/// What an edge holds of the cluster: the grain client, the provisioning it follows, its verdict cache,
/// and the handlers that need grains (the registrar). Listens on <c>cluster:changes</c> so that new
/// provisioning, unblocks, unsuspensions and key rotations reach this edge at once.
/// </summary>
internal sealed class ClusterConnection : IDisposable
{
    private readonly ClusterRedis _grains;
    private readonly EdgeClusterClient _orleans;
    private readonly ILogger _logger;
    private Calls.Signalling.EdgeSignalling? _signalling;

    private ClusterConnection(ClusterRedis clusterRedis, EdgeClusterClient orleans, EdgeProvisioning provisioning, VendorAddressResolver vendors, CallOptions calls, EdgeMetrics metrics, TimeProvider time, ILogger logger)
    {
        _grains = clusterRedis;
        _orleans = orleans;
        var grains = clusterRedis;
        IClusterGrains cluster = new ClusterGrains(orleans.Grains, clusterRedis, time);
        _logger = logger;
        grains.Host.ConnectionLost += reason => HostingLog.RedisLost(logger, reason);
        grains.Host.ConnectionRestored += () => HostingLog.RedisRestored(logger);
        if (!grains.Host.IsConnected)
        {
            HostingLog.RedisLost(logger, "not reachable at start");
        }
        Provisioning = provisioning;
        Verdicts = new VerdictCache();
        Keys = new ClusterKeyRing(cluster, TimeSpan.FromMinutes(1));
        Changes = new ClusterChangesChannel(orleans.Grains);
        Digest = new DigestGate(new DigestOptions(), realm: "softswitch", offerSha256: false);
        var digest = Digest;
        var protection = new SourceProtection(cluster, Verdicts, Changes);
        Known = new KnownSources(TimeSpan.FromHours(1));
        Budgets = new SourceBudgets();
        Registrar = new RegistrarHandler(cluster, Keys, protection, provisioning, Verdicts, Known, digest, RegistrationPolicy.Default, metrics);
        Guard = new SourceGuard(provisioning, Verdicts, Budgets, Known, cluster, Changes, metrics);
        metrics.AddGauge("edge_sources_tracked", "Source addresses with a local rate budget on this edge.", () => Budgets.Count);
        Vendors = vendors;
        metrics.AddGauge("edge_vendor_dns_queries", "DNS questions this edge asked to resolve vendor names (SRV, A, AAAA).", () => vendors.QueriesSent);
        Calls = new CallPath(cluster, Keys, provisioning, Verdicts, digest, protection, vendors, calls, time, metrics, logger);
        metrics.AddGauge("edge_blocked_sources_cached", "Blocked source addresses this edge drops without a grain call.", () => Verdicts.BlockedCount);
        metrics.AddGauge("edge_suspended_endpoints_cached", "Suspended endpoints this edge drops without a grain call.", () => Verdicts.SuspendedCount);
        metrics.AddGauge("edge_grain_calls", "Grain calls made by this edge.", () => orleans.Deadline.Calls);
        metrics.AddGauge("edge_grain_failures", "Grain calls that failed (no silo or Redis in time).", () => orleans.Deadline.Failures);
        metrics.AddGauge("edge_cluster_connected", "1 once this edge's Orleans client reached a silo.", () => orleans.IsConnected ? 1 : 0);
        Time = time;
    }

    public EdgeProvisioning Provisioning { get; }

    public VerdictCache Verdicts { get; }

    public ClusterKeyRing Keys { get; }

    public ClusterChangesChannel Changes { get; }

    public RegistrarHandler Registrar { get; }

    /// <summary>Digest challenges and checks, shared by REGISTER and INVITE.</summary>
    public DigestGate Digest { get; }

    public SourceGuard Guard { get; }

    public KnownSources Known { get; }

    public SourceBudgets Budgets { get; }

    /// <summary>Vendor addresses to endpoints (RFC 3263: SRV, A/AAAA), cached; for the call path to send INVITEs by.</summary>
    public VendorAddressResolver Vendors { get; }

    /// <summary>INVITE routing, in-dialog requests, CANCEL, and the relay of vendors' responses.</summary>
    public CallPath Calls { get; }

    private TimeProvider Time { get; }

    /// <summary>
    /// Connects (Redis may be away: the client keeps retrying and grain work gets 503 meanwhile) and starts
    /// from <paramref name="provisioningFile"/>, or built-in defaults, until the silo's published provisioning is read.
    /// Throws <see cref="ProvisioningException"/> when the file is invalid.
    /// </summary>
    public static async Task<ClusterConnection> ConnectAsync(string redis, string? provisioningFile, VendorAddressResolver vendors, CallOptions calls, EdgeMetrics metrics, TimeProvider time, ILogger logger)
    {
        var document = provisioningFile is null ? new ProvisioningDocument() : ProvisioningLoader.LoadFile(provisioningFile);
        var grains = ClusterRedis.Connect(redis, document.ToGrainPolicy());
        var orleans = EdgeClusterClient.Start(redis, logger);
        var connection = new ClusterConnection(grains, orleans, new EdgeProvisioning(document), vendors, calls, metrics, time, logger);
        connection.Changes.Subscribe(connection.OnChange, connection.OnChangesMissed);
        _ = connection.AnnounceJoinedAsync();
        await connection.RefreshProvisioningAsync().ConfigureAwait(false);
        return connection;
    }

    // "cluster joined" means grain work is served and this edge hears every change from now on (tests await it).
    private async Task AnnounceJoinedAsync()
    {
        await _orleans.Connected.ConfigureAwait(false);
        await Changes.Subscribed.ConfigureAwait(false);
        HostingLog.ClusterJoined(_logger);
    }

    // The hub lost track of what this edge has seen (it moved to another silo, or this edge was away too long):
    // cached verdicts may be stale, e.g. an unblock never arrived. Drop them; the grains are asked again.
    private void OnChangesMissed()
    {
        Verdicts.Clear();
        Keys.Invalidate();
        _ = RefreshProvisioningAsync();
        HostingLog.ChangesMissed(_logger);
    }

    private void OnChange(string message)
    {
        var change = ClusterChange.Parse(message);
        switch (change)
        {
            case { Kind: ClusterChangeKind.Provisioning }:
                // logged once the new version is read (ProvisioningFollowed)
                _ = RefreshProvisioningAsync();
                break;
            case { Kind: ClusterChangeKind.ClusterKey }:
                Keys.Invalidate();
                HostingLog.ClusterKeyApplied(_logger, change.Version);
                break;
            case { Kind: ClusterChangeKind.Block, Address: { } address }:
                Verdicts.Apply(change, Time.GetUtcNow().ToUnixTimeMilliseconds());
                HostingLog.BlockApplied(_logger, address, Until(change.UntilMs));
                break;
            case { Kind: ClusterChangeKind.Unblock, Address: { } address }:
                Verdicts.Apply(change, Time.GetUtcNow().ToUnixTimeMilliseconds());
                HostingLog.UnblockApplied(_logger, address);
                break;
            case { Kind: ClusterChangeKind.Suspend, User: { } user }:
                Verdicts.Apply(change, Time.GetUtcNow().ToUnixTimeMilliseconds());
                HostingLog.SuspendApplied(_logger, user, Until(change.UntilMs));
                break;
            case { Kind: ClusterChangeKind.Unsuspend, User: { } user }:
                Verdicts.Apply(change, Time.GetUtcNow().ToUnixTimeMilliseconds());
                HostingLog.UnsuspendApplied(_logger, user);
                break;
            default:
                HostingLog.ChangeNotUnderstood(_logger, message);
                break;
        }
    }

    /// <summary>
    /// Tells the digest check where this edge listens, once the transports are bound (port 0 resolved): a digest
    /// uri naming any of these addresses and ports names this server. A wildcard listener stands for every address
    /// of the machine.
    /// </summary>
    public void Listening(IEnumerable<System.Net.IPEndPoint> bound) =>
        Digest.Ours = ServerAddresses.Of(bound, MachineAddresses);

    /// <summary>Joins the cluster's edge directory, so call grains send their BYEs and dead-call checks from <paramref name="udp"/>.</summary>
    public void StartSignalling(Transport.ISipReplyChannel udp)
    {
        var name = $"{Environment.MachineName}/{Environment.ProcessId}/{udp.LocalEndPoint}";
        _signalling = new Calls.Signalling.EdgeSignalling(_orleans.Grains, Calls.SignallerFor(udp), name, Time, _logger);
    }

    private static IEnumerable<System.Net.IPAddress> MachineAddresses() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address);

    // The same form as the silo's audit line, so one grep follows a block from the admin call to every edge.
    private static string Until(long untilMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(untilMs).ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private async Task RefreshProvisioningAsync()
    {
        try
        {
            if (await ProvisioningReader.ReadAsync(_grains.Host).ConfigureAwait(false) is { } published)
            {
                Provisioning.Replace(published, published.System.Version);
                _grains.Policy = published.ToGrainPolicy();
                HostingLog.ProvisioningFollowed(_logger, published.System.Version);
            }
        }
        catch (GrainUnavailableException e)
        {
            // Keep acting on what we have; the next change message or restart reads it again.
            HostingLog.ProvisioningUnavailable(_logger, e.Message);
        }
    }

    public void Dispose()
    {
        _signalling?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Changes.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _orleans.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _grains.Dispose();
    }
}
