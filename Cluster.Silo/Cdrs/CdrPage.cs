namespace Cluster.Silo.Cdrs;

/// <summary>
/// The answer of <c>GET /api/cdrs</c>: the range looked at, newest first. <see cref="Truncated"/>: more records may
/// match (max reached, or <see cref="CdrRangeReader.ScanLimit"/> entries looked at); narrow the range or raise max.
/// </summary>
internal sealed record CdrPage(
    string? Gateway,
    DateTimeOffset Since,
    DateTimeOffset Until,
    string Order,
    int Scanned,
    int Skipped,
    bool Truncated,
    IReadOnlyList<CdrView> Items);
