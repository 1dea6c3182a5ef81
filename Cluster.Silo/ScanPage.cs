namespace Cluster.Silo;

/// <summary>A bounded listing from a SCAN: <c>Truncated</c> says more grains exist than were looked at.</summary>
internal sealed record ScanPage<T>(int Scanned, bool Truncated, IReadOnlyList<T> Items);
