namespace Cluster.Silo;

/// <summary>Body of <c>PUT /api/params/{name}</c>.</summary>
internal sealed record ParameterChange(string? Value);
