namespace Cluster.Grains;

/// <summary>One ASR/ACD time bucket of a gateway's sliding window.</summary>
internal struct StatsSlot
{
    /// <summary>Which bucket (time / bucket width) the counts belong to; <see cref="long.MinValue"/> when unused.</summary>
    public long Bucket;

    public long Attempts;

    public long Answered;

    public long DurationMs;
}
