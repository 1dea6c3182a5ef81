namespace Cluster.Grains.Hosting;

/// <summary>
/// What a process holds of Redis besides Orleans' own use of it: the connection that reads the published
/// provisioning and reports Redis lost and restored, and the rules in force for decisions made before any grain
/// call (trusted sources). Owns the connection.
/// </summary>
public sealed class ClusterRedis : IDisposable
{
    private GrainPolicy _policy;

    public ClusterRedis(GrainHostClient host, GrainPolicy? policy = null)
    {
        Host = host;
        _policy = policy ?? GrainPolicy.Defaults;
    }

    public GrainHostClient Host { get; }

    /// <summary>The rules in force; set it to apply new provisioning from the next call on.</summary>
    public GrainPolicy Policy
    {
        get => Volatile.Read(ref _policy);
        set => Volatile.Write(ref _policy, value ?? throw new ArgumentNullException(nameof(value)));
    }

    public static ClusterRedis Connect(string configuration, GrainPolicy? policy = null, GrainClientOptions? options = null) =>
        new(GrainHostClient.Connect(configuration, options), policy);

    public void Dispose() => Host.Dispose();
}
