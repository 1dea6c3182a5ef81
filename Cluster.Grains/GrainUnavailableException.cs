namespace Cluster.Grains;

/// <summary>
/// The grain host (Redis) could not run a turn in time: not connected, timed out or failed.
/// Callers answer 503 for work that needs the grain; the client reconnects by itself.
/// </summary>
public sealed class GrainUnavailableException : Exception
{
    public GrainUnavailableException(string grainKey, string message, Exception? inner = null)
        : base($"grain {grainKey} unavailable: {message}", inner)
    {
        GrainKey = grainKey;
    }

    /// <summary>The key of the grain whose turn failed, e.g. <c>gw:{vendorA}</c>.</summary>
    public string GrainKey { get; }
}
