namespace Cluster.Grains;

/// <summary>Counts for the silo's metrics: sources with live state, and those on the blacklist.</summary>
[GenerateSerializer]
public sealed record SourceIpCensus(int Tracked, int Blocked);
