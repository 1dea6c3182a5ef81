namespace Cluster.Grains;

/// <summary>An answered call and when it reaches its maximum duration (or was made due by an operator).</summary>
[GenerateSerializer]
[Alias("gateway.due-call")]
public sealed record DueCall(AnsweredCall Call, DateTimeOffset DueAt);
