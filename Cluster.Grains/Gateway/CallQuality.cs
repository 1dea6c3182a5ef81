namespace Cluster.Grains;

/// <summary>ASR and ACD as operators define them: answered / attempts, talk time / answered.</summary>
internal static class CallQuality
{
    public static double Asr(long attempts, long answered) => attempts > 0 ? (double)answered / attempts : 0;

    public static TimeSpan Acd(long answered, long durationMsSum) =>
        answered > 0 ? TimeSpan.FromMilliseconds((double)durationMsSum / answered) : TimeSpan.Zero;
}
