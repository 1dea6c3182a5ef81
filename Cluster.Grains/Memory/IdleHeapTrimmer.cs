using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Memory;

/// <summary>
/// Every <see cref="Interval"/>, applies <see cref="HeapTrimRule"/>; when it says so, runs one aggressive full
/// collection, which compacts the heap and gives the freed segments back to the system, and logs what it returned.
/// </summary>
public sealed class IdleHeapTrimmer(TimeProvider time, ILogger<IdleHeapTrimmer> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly HeapTrimRule _rule = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var before = HeapSample.Now();
        var lowMark = before.CommittedBytes;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = HeapSample.Now();
                if (_rule.ShouldTrim(before, now, lowMark))
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    var after = HeapSample.Now();
                    MemoryLog.Trimmed(log, now.CommittedBytes >> 20, after.CommittedBytes >> 20);

                    // what one trim reached is the new low mark: the next one waits for the heap to grow again
                    (now, lowMark) = (after, after.CommittedBytes);
                }

                lowMark = Math.Min(lowMark, now.CommittedBytes);
                before = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
