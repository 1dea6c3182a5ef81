namespace Cluster.Tests.Infrastructure;

/// <summary>
/// Awaits files another process writes (a silo's CDR files) as a signal, not by polling: it watches the directory
/// (inotify) and re-checks the condition each time something in it changes, until a deadline.
/// </summary>
public static class FileWatch
{
    public static async Task UntilAsync(string directory, Func<bool> condition, TimeSpan timeout, string awaited)
    {
        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Created += (_, _) => changed.Release();
        watcher.Changed += (_, _) => changed.Release();
        watcher.Renamed += (_, _) => changed.Release();
        watcher.Error += (_, _) => changed.Release(); // events were lost: look again
        // Watching before the first check, so a write between the check and the wait is not missed.
        watcher.EnableRaisingEvents = true;
        var deadline = DateTime.UtcNow + timeout;
        while (!Holds(condition))
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero && await changed.WaitAsync(left),
                $"waited {timeout.TotalSeconds} s for {awaited} in {directory}; files: {string.Join(", ", Directory.GetFiles(directory).Select(Path.GetFileName))}");
        }
    }

    // a file caught in the middle of a write may not parse yet: the next change says when to look again
    private static bool Holds(Func<bool> condition)
    {
        try
        {
            return condition();
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return false;
        }
    }
}
