namespace Cluster.Silo;

/// <summary>The silo's command line: <c>--config FILE --redis CONN --admin URL</c>.</summary>
internal sealed record SiloOptions
{
    public required string ConfigPath { get; init; }

    /// <summary>--redis: StackExchange.Redis configuration. Default 127.0.0.1:6379.</summary>
    public string Redis { get; init; } = "127.0.0.1:6379";

    /// <summary>--admin: where the admin API and /metrics listen. Default http://127.0.0.1:8080.</summary>
    public Uri Admin { get; init; } = new("http://127.0.0.1:8080");

    /// <summary>--sweep-interval-s: how often the lease sweeper reminder runs. Default 5 s.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(5);

    public const string Usage =
        """
        usage: Cluster.Silo --config FILE [--redis CONN] [--admin URL] [--sweep-interval-s N]
          --config FILE          provisioning file (YAML, see config/demo.yaml)
          --redis CONN           Redis to host the grains on (default 127.0.0.1:6379)
          --admin URL            admin API and /metrics (default http://127.0.0.1:8080)
          --sweep-interval-s N   reminder period for expired line leases (default 5)
        """;
}
