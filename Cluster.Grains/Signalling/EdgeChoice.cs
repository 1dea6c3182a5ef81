namespace Cluster.Grains.Signalling;

/// <summary>An edge picked to send through: its name (to forget it when it turns out gone) and its observer.</summary>
[GenerateSerializer]
[Alias("signalling.edge-choice")]
public sealed record EdgeChoice([property: Id(0)] string Edge, [property: Id(1)] IEdgeSignaller Signaller);
