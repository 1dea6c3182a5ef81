namespace Cluster.Grains;

/// <summary>
/// Lightweight registration (SS_ENDPOINTTIMETOLIVE): an endpoint silent for longer than the
/// time to live is offline even while its (often hour-long) registration has not expired.
/// </summary>
internal static class EndpointFreshness
{
    public static bool IsOnline(int liveBindings, DateTimeOffset? lastSeen, TimeSpan timeToLive, DateTimeOffset now) =>
        liveBindings > 0
        && lastSeen is { } seen
        && (timeToLive <= TimeSpan.Zero || now - seen <= timeToLive);
}
