namespace Cluster.Grains;

/// <summary>A binding's contact and when it expires, as a registrar's 200 lists it.</summary>
[GenerateSerializer, Immutable, Alias("ep.BoundContact")]
public sealed record BoundContact(string Contact, DateTimeOffset ExpiresAt);
