namespace Cluster.Silo.Cdrs;

/// <summary>
/// The <c>--cdr-dir</c> check at start: the directory is created and written once, so a path the silo cannot use
/// stops it with a message naming the flag, instead of CDRs piling up unexported in Redis.
/// </summary>
internal static class CdrDirectory
{
    /// <summary>The directory as a full path, created; or null with <paramref name="error"/> naming <c>--cdr-dir</c>.</summary>
    public static string? Prepare(string configured, out string? error)
    {
        error = null;
        string full;
        try
        {
            full = Path.GetFullPath(configured);
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-check-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"--cdr-dir {configured}: the silo cannot write CDR files there: {e.Message}";
            return null;
        }

        return full;
    }
}
