using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Cluster.Tests.Fuzzing;

/// <summary>
/// A .NET process's resident memory from <c>/proc/PID/status</c>, and a full garbage collection induced in it from
/// outside through its diagnostics port (as <c>dotnet-gcdump</c> does), so "memory returned" is read after the
/// collector has run, not whenever it happens to.
/// </summary>
public static class ProcessMemory
{
    // Microsoft-Windows-DotNETRuntime keywords: GC (0x1, the GC start/stop events) and GCHeapCollect (0x800000),
    // whose enabling makes the runtime run a blocking gen2 collection.
    private const long GcKeywords = 0x1 | 0x800000;

    /// <summary>VmRSS in bytes.</summary>
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no VmRSS in /proc/{pid}/status");
    }

    /// <summary>
    /// Induces a full collection in <paramref name="pid"/>; returns the managed heap's size after it, once the runtime
    /// has reported the gen2 GC's end and its heap statistics.
    /// </summary>
    public static async Task<long> CollectGarbageAsync(int pid, TimeSpan timeout)
    {
        var client = new DiagnosticsClient(pid);
        using var session = client.StartEventPipeSession(
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcKeywords), requestRundown: false);
        var heapAfter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fullCollectionEnded = false;
        using var source = new EventPipeEventSource(session.EventStream);
        source.Clr.GCStop += e => fullCollectionEnded |= e.Depth == 2;
        source.Clr.GCHeapStats += e =>
        {
            if (fullCollectionEnded)
            {
                heapAfter.TrySetResult(e.TotalHeapSize);
            }
        };

        var reading = Task.Run(source.Process);
        try
        {
            return await heapAfter.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"process {pid} reported no end of the induced gen2 GC within {timeout.TotalSeconds} s");
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
            await reading;
        }
    }

    /// <summary>
    /// Full collections until resident memory stops falling (two readings within 1 MB of each other), at most
    /// <paramref name="rounds"/>: the collector hands freed regions back over its next collections, not all at once.
    /// Returns the last RSS and managed heap size.
    /// </summary>
    public static async Task<(long Rss, long ManagedHeap)> SettleAsync(int pid, int rounds = 6)
    {
        long heap = await CollectGarbageAsync(pid, TimeSpan.FromSeconds(30));
        long rss = ResidentBytes(pid);
        for (int i = 1; i < rounds; i++)
        {
            heap = await CollectGarbageAsync(pid, TimeSpan.FromSeconds(30));
            long next = ResidentBytes(pid);
            bool steady = Math.Abs(rss - next) < 1024 * 1024;
            rss = next;
            if (steady)
            {
                break;
            }
        }

        return (rss, heap);
    }
}
