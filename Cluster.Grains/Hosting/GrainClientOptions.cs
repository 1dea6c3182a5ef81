namespace Cluster.Grains.Hosting;

/// <summary>How the grain client talks to the grain host (Redis).</summary>
public sealed class GrainClientOptions
{
    /// <summary>Longest wait for one grain turn before <see cref="GrainUnavailableException"/>. Default 2 s.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Connect timeout for each (re)connection attempt. Default 2 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Client name shown in CLIENT LIST, useful to see which edge or silo holds a connection.</summary>
    public string ClientName { get; init; } = "cluster";
}
