namespace Cluster.Edge.Calls.Vendors;

/// <summary>What one lookup found (null: the name did not resolve, for <see cref="Why"/>), kept until <see cref="Until"/>.</summary>
internal sealed record VendorCacheEntry(VendorTarget? Target, DateTimeOffset Until, string? Why);
