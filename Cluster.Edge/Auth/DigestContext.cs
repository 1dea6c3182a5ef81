namespace Cluster.Edge.Auth;

/// <summary>
/// The edge's side of a digest check: the clock reading, our realm, what the nonce is bound to
/// (for example the source address bytes; empty for none) and the cluster keys. Built per request.
/// </summary>
internal readonly ref struct DigestContext
{
    public DigestContext(long nowMs, ReadOnlySpan<byte> realm, ReadOnlySpan<byte> binding,
        ReadOnlySpan<byte> currentKey, ReadOnlySpan<byte> previousKey = default)
    {
        NowMs = nowMs;
        Realm = realm;
        Binding = binding;
        CurrentKey = currentKey;
        PreviousKey = previousKey;
    }

    /// <summary>Unix time in milliseconds, from the caller's TimeProvider.</summary>
    public long NowMs { get; }

    public ReadOnlySpan<byte> Realm { get; }

    public ReadOnlySpan<byte> Binding { get; }

    public ReadOnlySpan<byte> CurrentKey { get; }

    /// <summary>The key before the last rotation, still accepted; empty when there is none.</summary>
    public ReadOnlySpan<byte> PreviousKey { get; }
}
