namespace Cluster.Edge.Registrar;

/// <summary>One Contact of a REGISTER with the lifetime the registrar grants it; zero removes the binding.</summary>
public readonly record struct ContactChange(string Uri, TimeSpan Expires);
