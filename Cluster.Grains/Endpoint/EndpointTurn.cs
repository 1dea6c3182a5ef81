namespace Cluster.Grains;

/// <summary>What a rule decided: the verdict, and the entry to store before answering (null: nothing changed).</summary>
public readonly record struct EndpointTurn<T>(T Verdict, EndpointEntry? Store);
