namespace Cluster.Grains;

/// <summary>
/// One account (<c>ep:{user}</c>): registration bindings, consecutive register failures and suspension, last
/// keepalive. A view onto the account's shard grain (<see cref="IEndpointShardGrain"/>), not an activation of its own.
/// </summary>
public interface IEndpointGrain
{
    Task<RegisterVerdict> RegisterAsync(RegisterRequest request, DateTimeOffset now);

    /// <summary>Counts a failed registration; suspends per SS_ENDPOINTREGISTERRETRY / SUSPEND / SUSPENDTIME.</summary>
    Task<RegisterFailedVerdict> RegisterFailedAsync(DateTimeOffset now);

    /// <summary>Removes one binding, or all of them when <paramref name="contact"/> is null (<c>Contact: *</c>). Returns how many.</summary>
    Task<int> UnregisterAsync(string? contact, DateTimeOffset now);

    /// <summary>Records that the endpoint was heard from (OPTIONS, re-REGISTER). False when it has no grain state.</summary>
    Task<bool> KeepaliveAsync(DateTimeOffset now);

    /// <summary>Bindings a call can be sent to: live and fresh per SS_ENDPOINTTIMETOLIVE; empty when offline or suspended.</summary>
    Task<IReadOnlyList<Binding>> LookupAsync(DateTimeOffset now);

    /// <summary>
    /// True when a live (unexpired) binding was registered from <paramref name="source"/> (<c>udp:ip:port</c>, as
    /// <see cref="RegisterRequest.Source"/>) and the endpoint is not suspended: a request from there is the
    /// registered device's. Freshness (SS_ENDPOINTTIMETOLIVE) is not asked: the request itself is the proof of life.
    /// </summary>
    Task<bool> IsBoundFromAsync(string source, DateTimeOffset now);

    /// <summary>Ends a suspension and forgets the failures; every edge is told (<c>unsuspend ep USER</c>).</summary>
    Task UnsuspendAsync(DateTimeOffset now);

    Task<EndpointState> GetAsync(DateTimeOffset now);
}
