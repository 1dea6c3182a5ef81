namespace Cluster.Grains;

/// <summary>The cluster's digest nonce keys: the current one signs, both verify.</summary>
/// <param name="Current">Signs new nonces.</param>
/// <param name="Previous">The key before the last rotation; empty when there was none.</param>
/// <param name="Version">Grows by one per rotation.</param>
[GenerateSerializer]
public sealed record ClusterKeys(byte[] Current, byte[] Previous, long Version);
