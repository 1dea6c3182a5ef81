using System.Net;

namespace Cluster.Silo;

/// <summary>The silo's command line: <c>--config FILE --redis CONN --admin URL</c> and the admin API's protection.</summary>
internal sealed record SiloOptions
{
    /// <summary>Environment variable holding the admin bearer token (the k8s Secret sets it).</summary>
    public const string TokenVariable = "CLUSTER_ADMIN_TOKEN";

    public required string ConfigPath { get; init; }

    /// <summary>--redis: StackExchange.Redis configuration. Default 127.0.0.1:6379.</summary>
    public string Redis { get; init; } = "127.0.0.1:6379";

    /// <summary>--admin: where the admin API and /metrics listen. Default http://127.0.0.1:8080.</summary>
    public Uri Admin { get; init; } = new("http://127.0.0.1:8080");

    /// <summary>--silo-port: Orleans silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>--gateway-port: Orleans client (edge) gateway port. Default 30000.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>--advertise: the address other silos and edges reach this silo on (Kubernetes: the pod IP). Default 127.0.0.1.</summary>
    public IPAddress Advertise { get; init; } = IPAddress.Loopback;

    /// <summary>--sweep-interval-s: how often the lease sweeper reminder runs. Default 5 s.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// --admin-token or env CLUSTER_ADMIN_TOKEN: bearer token every <c>/api</c> call must carry.
    /// Default none, which is allowed only while the admin API listens on loopback.
    /// </summary>
    public string? AdminToken { get; init; }

    /// <summary>
    /// --admin-allow CIDR (repeatable): admin source networks (VOS3000 Web Access Control).
    /// Default empty = any source; once one is given, every other source gets 403 on <c>/api</c>.
    /// </summary>
    public IReadOnlyList<IPNetwork> AdminAllow { get; init; } = [];

    /// <summary>
    /// --cdr-dir: where this silo writes its hourly CDR files (<c>cdr-YYYYMMDD-HH.SILO.csv</c>). Default <c>cdr</c> under
    /// the working directory; created at start, and a directory the silo cannot write stops it (exit 2).
    /// </summary>
    public string CdrDirectory { get; init; } = "cdr";

    /// <summary>This silo's name among the CDR writers (the consumer of the stream's group): advertise address and silo port.</summary>
    public string CdrWriterName => new IPEndPoint(Advertise, SiloPort).ToString();

    public const string Usage =
        """
        usage: Cluster.Silo --config FILE [--redis CONN] [--admin URL] [--silo-port N] [--gateway-port N]
                            [--advertise IP] [--sweep-interval-s N] [--admin-token T] [--admin-allow CIDR]...
                            [--cdr-dir DIR]
          --config FILE          provisioning file (YAML, see config/demo.yaml)
          --redis CONN           Redis: the cluster's membership table and grain storage (default 127.0.0.1:6379)
          --admin URL            admin API and /metrics (default http://127.0.0.1:8080)
          --silo-port N          Orleans silo-to-silo port (default 11111)
          --gateway-port N       Orleans gateway port edges connect to (default 30000)
          --advertise IP         address other silos and edges reach this silo on (default 127.0.0.1;
                                 Kubernetes passes the pod IP)
          --sweep-interval-s N   reminder period for expired line leases (default 5)
          --admin-token T        bearer token required on every /api call (default: env
                                 CLUSTER_ADMIN_TOKEN; without a token --admin must be loopback)
          --admin-allow CIDR     admin source allowlist, repeatable (default: any source);
                                 other sources get 403 on /api
          --cdr-dir DIR          where the hourly CDR files go (default: cdr under the working directory)
        """;
}
