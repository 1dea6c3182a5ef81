namespace Cluster.Grains;

/// <summary>
/// A grain could not answer in time: no silo reachable, the call's deadline passed, or the grain's storage
/// (Redis) is away. Callers answer 503 for work that needs the grain; the client reconnects by itself.
/// Serializable, so a silo's storage failure reaches the edge as this type.
/// </summary>
[GenerateSerializer]
public sealed class GrainUnavailableException : Exception
{
    public GrainUnavailableException(string grainKey, string message, Exception? inner = null)
        : base($"grain {grainKey} unavailable: {message}", inner)
    {
        GrainKey = grainKey;
    }

    /// <summary>The key of the grain whose call failed, e.g. <c>gw:{vendorA}</c>.</summary>
    [Id(0)]
    public string GrainKey { get; }
}
