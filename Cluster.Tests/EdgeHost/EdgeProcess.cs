using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.EdgeHost;

/// <summary>
/// Runs the built <c>Cluster.Edge.dll</c> as a real process (<c>dotnet Cluster.Edge.dll ...</c>): awaits its
/// <c>edge ready</c> line with a timeout, captures stdout and stderr, awaits a given log line (the edge logs to
/// stderr), signals it, and kills it on Dispose.
/// The dll is the one built with the same configuration as this test assembly.
/// </summary>
public sealed class EdgeProcess : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private const int SigTerm = 15;
    private const int SigInt = 2;

    // Lazy: a missing build must fail the process tests only, not every user of RepositoryRoot.
    private static readonly Lazy<string> s_edgeDll = new(FindEdgeDll);

    private readonly Process _process;
    private readonly ProcessLog _stderr = new("the edge");
    private readonly List<string> _stdout = [];
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EdgeProcess(Process process) => _process = process;

    /// <summary>The folder holding Cluster.sln, found by walking up from the test's base directory.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary><c>Cluster.Edge/bin/&lt;Configuration&gt;/&lt;tfm&gt;/Cluster.Edge.dll</c> of this test build.</summary>
    public static string EdgeDllPath => s_edgeDll.Value;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stderr => _stderr.Text;

    /// <summary>Stderr lines so far: read it before an action, to await only the lines logged after it.</summary>
    public int StderrLineCount => _stderr.Count;

    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    public static EdgeProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts the edge with <paramref name="environment"/> added to the inherited environment (runtime knobs).</summary>
    public static EdgeProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        info.ArgumentList.Add(EdgeDllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The metrics host is ASP.NET Core: an inherited ASPNETCORE_URLS must not add listeners.
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var edge = new EdgeProcess(process);
        process.OutputDataReceived += (_, e) => edge.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => edge._stderr.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return edge;
    }

    /// <summary>Waits for the <c>edge ready</c> line; fails with the captured stderr on timeout or early exit.</summary>
    public async Task<EdgeReadyLine> WaitReadyAsync(TimeSpan? timeout = null)
    {
        try
        {
            return EdgeReadyLine.Parse(await _ready.Task.WaitAsync(timeout ?? DefaultTimeout));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no 'edge ready' line within {timeout ?? DefaultTimeout}; stderr:\n{Stderr}");
        }
    }

    /// <summary>
    /// Awaits a log line (stderr) that <paramref name="match"/> accepts, from line <paramref name="from"/> on
    /// (<see cref="StderrLineCount"/> before the action), lines already logged included; fails with the stderr.
    /// </summary>
    public Task<string> WaitForStderrLineAsync(Func<string, bool> match, string awaited, int from = 0, TimeSpan? timeout = null) =>
        _stderr.WaitForLineAsync(match, awaited, from, timeout ?? DefaultTimeout);

    /// <summary>
    /// Awaits the edge's <c>cluster change applied: CHANGE</c> line logged from line <paramref name="from"/> on, e.g.
    /// <c>unblock ip 127.0.0.80</c> or <c>block ip 127.0.0.80</c> (the expiry that follows is not compared): from
    /// then on this edge acts on the change. The address or user must end the given text or be followed by a space,
    /// so that 127.0.0.8 is not taken for 127.0.0.80.
    /// </summary>
    public Task<string> WaitForChangeAppliedAsync(string change, int from, TimeSpan? timeout = null)
    {
        var text = "cluster change applied: " + change;
        return WaitForStderrLineAsync(
            line => line.EndsWith(text, StringComparison.Ordinal) || line.Contains(text + " ", StringComparison.Ordinal),
            $"'{text}'",
            from,
            timeout);
    }

    /// <summary>Waits for the process to exit (and its output to be read); returns the exit code.</summary>
    /// <summary>Awaits the edge's "cluster joined" line: its Orleans client reached a silo, grain work is served.</summary>
    public Task<string> WaitClusterJoinedAsync(TimeSpan? timeout = null) =>
        WaitForStderrLineAsync(l => l.Contains("cluster joined", StringComparison.Ordinal), "the edge to join the cluster (cluster joined)",
            timeout: timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>Awaits the edge's line saying it joined the cluster's edge directory (call grains can send through it).</summary>
    public Task<string> WaitSignallingJoinedAsync(TimeSpan? timeout = null) =>
        WaitForStderrLineAsync(l => l.Contains("is in the cluster's edge directory", StringComparison.Ordinal), "the edge to join the edge directory",
            timeout: timeout ?? TimeSpan.FromSeconds(30));

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the edge did not exit within {timeout ?? DefaultTimeout}; stderr:\n{Stderr}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM (or SIGINT), as a supervisor would. Unix only.</summary>
    public void Terminate(bool interrupt = false)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("POSIX signals need Linux or macOS");
        }

        if (Kill(_process.Id, interrupt ? SigInt : SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            _ready.TrySetException(new InvalidOperationException($"the edge closed stdout without an 'edge ready' line; stderr:\n{Stderr}"));
            return;
        }

        lock (_stdout)
        {
            _stdout.Add(line);
        }

        if (line.StartsWith(EdgeReadyLine.Prefix, StringComparison.Ordinal))
        {
            _ready.TrySetResult(line);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Cluster.sln above {AppContext.BaseDirectory}");
    }

    private static string FindEdgeDll()
    {
        // Same configuration and target framework as this test assembly (bin/<Configuration>/<tfm>/).
        var configuration = typeof(EdgeProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var tfm = new DirectoryInfo(AppContext.BaseDirectory).Name;
        if (!tfm.StartsWith("net", StringComparison.Ordinal))
        {
            tfm = "net10.0";
        }

        var path = Path.Combine(RepositoryRoot, "Cluster.Edge", "bin", configuration, tfm, "Cluster.Edge.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build Cluster.Edge ({configuration}) first", path);
    }
}
