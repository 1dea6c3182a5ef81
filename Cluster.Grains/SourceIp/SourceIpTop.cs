namespace Cluster.Grains;

/// <summary>The sources ops look at first, and how many sources the shards track in all.</summary>
/// <param name="Tracked">Sources with live state (recently active, blocked or failing).</param>
/// <param name="Sources">Ranked by <see cref="SourceIpRanking"/>.</param>
[GenerateSerializer]
public sealed record SourceIpTop(int Tracked, IReadOnlyList<SourceIpState> Sources);
