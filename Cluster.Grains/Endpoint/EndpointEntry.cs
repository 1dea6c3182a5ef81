namespace Cluster.Grains;

/// <summary>
/// One account's state in its shard grain and in Redis, as the Lua turn kept it: suspension, consecutive failures,
/// last seen and the bindings (the old <c>ep:{user}</c> value), with <see cref="KeyUntilMs"/> standing for that
/// key's PX; and the nonce-counts spent on its registrations (the old <c>ep:{user}:nc</c> hash), remembered until
/// <see cref="NoncesUntilMs"/>. Immutable: a rule returns a new entry, which the grain stores before it answers.
/// Times are Unix milliseconds; 0 is "none".
/// </summary>
[GenerateSerializer, Immutable, Alias("ep.EndpointEntry")]
public sealed record EndpointEntry(
    long SuspendedUntilMs,
    int Failures,
    long LastSeenMs,
    long KeyUntilMs,
    Binding[] Bindings,
    SpentNonce[] Nonces,
    long NoncesUntilMs)
{
    /// <summary>What a missing key reads as: no suspension, no failures, never seen, no bindings.</summary>
    public static EndpointEntry None { get; } = new(0, 0, 0, 0, [], [], 0);

    /// <summary>The old key would still exist (Lua's <c>raw ~= nil</c>).</summary>
    public bool Exists(long nowMs) => KeyUntilMs > nowMs;

    /// <summary>Until when anything of it must be kept (key or spent nonces); after that it is swept.</summary>
    public long RetainUntilMs => Math.Max(KeyUntilMs, NoncesUntilMs);
}
