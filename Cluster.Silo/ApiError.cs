namespace Cluster.Silo;

/// <summary>Every admin API error is this JSON object, so scripts can rely on one shape.</summary>
internal sealed record ApiError(string Error);
