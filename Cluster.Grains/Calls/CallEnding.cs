using Cluster.Grains.Cdr;

namespace Cluster.Grains.Calls;

/// <summary>An unanswered call's end as the edge tells it: the status the customer got, the cause, who and when.</summary>
[GenerateSerializer]
[Alias("call.ending")]
public sealed record CallEnding(
    [property: Id(0)] int Status,
    [property: Id(1)] int Q850Cause,
    [property: Id(2)] CallReleaser ReleasedBy,
    [property: Id(3)] long EndedAtMs,
    [property: Id(4)] AttemptResult? LastAttempt);
