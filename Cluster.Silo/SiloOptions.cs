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

    public const string Usage =
        """
        usage: Cluster.Silo --config FILE [--redis CONN] [--admin URL] [--sweep-interval-s N]
                            [--admin-token T] [--admin-allow CIDR]...
          --config FILE          provisioning file (YAML, see config/demo.yaml)
          --redis CONN           Redis to host the grains on (default 127.0.0.1:6379)
          --admin URL            admin API and /metrics (default http://127.0.0.1:8080)
          --sweep-interval-s N   reminder period for expired line leases (default 5)
          --admin-token T        bearer token required on every /api call (default: env
                                 CLUSTER_ADMIN_TOKEN; without a token --admin must be loopback)
          --admin-allow CIDR     admin source allowlist, repeatable (default: any source);
                                 other sources get 403 on /api
        """;
}
