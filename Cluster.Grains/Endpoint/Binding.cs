namespace Cluster.Grains;

/// <summary>One registration binding of an endpoint.</summary>
[GenerateSerializer, Immutable, Alias("ep.Binding")]
public sealed record Binding(
    string Contact,
    string Source,
    DateTimeOffset ExpiresAt,
    string CallId,
    long CSeq,
    string UserAgent,
    DateTimeOffset RegisteredAt);
