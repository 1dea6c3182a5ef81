using System.Diagnostics;
using System.Net;
using Cluster.Tests.EdgeHost;

namespace Cluster.Tests.Calls;

/// <summary>
/// One SIPp process playing a customer or a vendor with a scenario of bench/sipp, logging one line per call
/// outcome ("answered CALLID", "refused CALLID") to its own log file. Vendors run in the background until
/// they have served their calls (-m); <see cref="WaitAsync"/> is the signal, with a deadline.
/// </summary>
public sealed class SippCall : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private SippCall(Process process, string logFile, string description)
    {
        _process = process;
        LogFile = logFile;
        Description = description;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public string LogFile { get; }

    public string Description { get; }

    /// <summary>A vendor at 127.0.0.1:<paramref name="port"/> serving <paramref name="calls"/> calls.</summary>
    public static SippCall Vendor(string scenario, int port, int calls) =>
        Start(scenario, ["-i", "127.0.0.1", "-p", port.ToString(), "-m", calls.ToString()]);

    /// <summary>A vendor listening on TCP at 127.0.0.1:<paramref name="port"/> serving <paramref name="calls"/> calls.</summary>
    public static SippCall TcpVendor(string scenario, int port, int calls) =>
        Start(scenario, ["-t", "t1", "-i", "127.0.0.1", "-p", port.ToString(), "-m", calls.ToString()]);

    /// <summary>A customer at <paramref name="localIp"/> calling <paramref name="number"/> through <paramref name="edge"/>.</summary>
    public static SippCall Customer(IPEndPoint edge, string localIp, string number, int calls, int ratePerSecond, int holdMs) =>
        Start("call_uac.xml",
        [
            $"{edge.Address}:{edge.Port}", "-s", number, "-i", localIp, "-p", CallCluster.FreeUdpPort().ToString(),
            "-mp", CallCluster.FreeUdpPort().ToString(), "-m", calls.ToString(), "-r", ratePerSecond.ToString(), "-l", calls.ToString(),
            "-d", holdMs.ToString(), "-timeout", "60s",
        ]);

    /// <summary>A customer at <paramref name="localIp"/> placing one call that waits for the network to hang it up.</summary>
    public static SippCall HeldCustomer(IPEndPoint edge, string localIp, string number) =>
        Start("call_uac_held.xml",
        [
            $"{edge.Address}:{edge.Port}", "-s", number, "-i", localIp, "-p", CallCluster.FreeUdpPort().ToString(),
            "-mp", CallCluster.FreeUdpPort().ToString(), "-m", "1", "-timeout", "60s",
        ]);

    /// <summary>Waits for SIPp to finish; fails with what it printed when it does not in time.</summary>
    public async Task<int> WaitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Description} did not finish within {deadline.TotalSeconds} s; log: {string.Join(" | ", Lines())}");
        }

        await Task.WhenAll(_stdout, _stderr);
        return _process.ExitCode;
    }

    public string Output => _stdout.IsCompleted && _stderr.IsCompleted ? $"{_stdout.Result}\n{_stderr.Result}" : "(running)";

    public IReadOnlyList<string> Lines() => File.Exists(LogFile) ? File.ReadAllLines(LogFile).Where(l => l.Length > 0).ToList() : [];

    /// <summary>Awaits the scenario's log line for <paramref name="outcome"/> (e.g. <c>answered</c>: the 200 came and the ACK went).</summary>
    public Task LoggedAsync(string outcome, TimeSpan timeout) =>
        Infrastructure.FileWatch.UntilAsync(Path.GetDirectoryName(LogFile)!, () => Count(outcome) > 0, timeout, $"SIPp to log '{outcome}'");

    public int Count(string outcome) => Lines().Count(l => l.StartsWith(outcome + " ", StringComparison.Ordinal));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        File.Delete(LogFile);
    }

    private static SippCall Start(string scenario, string[] args)
    {
        var logFile = Path.Combine(Path.GetTempPath(), $"sipp-{Guid.NewGuid():N}.log");
        var info = new ProcessStartInfo("sipp")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add("-sf");
        info.ArgumentList.Add(Path.Combine(EdgeProcess.RepositoryRoot, "bench", "sipp", scenario));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var arg in new[] { "-trace_logs", "-log_file", logFile, "-nostdin" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("sipp did not start");
        return new SippCall(process, logFile, $"sipp {string.Join(' ', info.ArgumentList)}");
    }
}
