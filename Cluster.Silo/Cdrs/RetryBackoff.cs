namespace Cluster.Silo.Cdrs;

/// <summary>How long the export waits after its <c>n</c>-th failure in a row: 0.5 s doubling to at most 10 s. Pure.</summary>
internal static class RetryBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(10);

    public static TimeSpan After(int failures) =>
        failures <= 1 ? First : TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << Math.Min(failures - 1, 16)));
}
