namespace Cluster.Grains;

/// <summary>How a call through a gateway ended; only Answered counts toward ASR and ACD.</summary>
[GenerateSerializer]
[Alias("gateway.call-outcome")]
public enum CallOutcome
{
    Answered = 0,
    NoAnswer = 1,
    Busy = 2,
    Failed = 3,

    /// <summary>The caller gave up before an answer; still an attempt, as VOS3000 counts it.</summary>
    Cancelled = 4,
}
