namespace Cluster.Grains;

/// <summary>The highest nonce-count a registration of this endpoint spent on one digest nonce.</summary>
[GenerateSerializer, Immutable, Alias("ep.SpentNonce")]
public readonly record struct SpentNonce(string Nonce, long Count);
