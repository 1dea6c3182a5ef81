using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Silo;

/// <summary>
/// Runs the built Cluster.Silo as a real process (same build configuration as the tests), waits for its
/// "silo ready" line and, on request, for any other line it logs (stdout and stderr together). Killed on Dispose.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly ProcessLog _output = new("the silo", streams: 2);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process) => _process = process;

    public Uri Admin { get; private init; } = null!;

    private string[] _args = [];

    public string Output => _output.Text;

    /// <summary>Output lines so far: read it before an action, to await only the lines logged after it.</summary>
    public int OutputLineCount => _output.Count;

    /// <summary>
    /// Awaits an output line that <paramref name="match"/> accepts, from line <paramref name="from"/> on
    /// (<see cref="OutputLineCount"/> before the action), lines already logged included; fails with the output.
    /// </summary>
    public Task<string> WaitForOutputLineAsync(Func<string, bool> match, string awaited, int from = 0, TimeSpan? timeout = null) =>
        _output.WaitForLineAsync(match, awaited, from, timeout ?? TimeSpan.FromSeconds(10));

    public static string SiloDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
        {
            dir = dir.Parent;
        }

        var configuration = typeof(SiloProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = Path.Combine(dir?.FullName ?? ".", "Cluster.Silo", "bin", configuration, "net10.0", "Cluster.Silo.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build Cluster.Silo first", dll);
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts the silo and waits for "silo ready".</summary>
    public static async Task<SiloProcess> StartAsync(params string[] args)
    {
        var silo = Launch(args);
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(30));
        return silo;
    }

    /// <summary>Starts the silo without waiting for it (e.g. before its Redis is up).</summary>
    public static SiloProcess Launch(params string[] args)
    {
        var admin = new Uri($"http://127.0.0.1:{FreePort()}");
        // several silos of one cluster run side by side here: each gets its own Orleans ports
        string[] ports = args.Contains("--silo-port") ? [] : ["--silo-port", FreePort().ToString(), "--gateway-port", FreePort().ToString()];
        // CDR files of a test silo go to a directory of its own, not into the test's working directory
        string[] cdrs = args.Contains("--cdr-dir") ? [] : ["--cdr-dir", Path.Combine(Path.GetTempPath(), $"cdr-{Guid.NewGuid():N}")];
        var silo = new SiloProcess(Start([.. args, .. ports, .. cdrs, "--admin", admin.ToString()])) { Admin = admin, _args = args };
        silo.Attach();
        return silo;
    }

    /// <summary>Awaits "silo ready"; on timeout or exit, disposes the process and throws with its output.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        Task first;
        try
        {
            first = await Task.WhenAny(_ready.Task, exited).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            first = exited;
        }

        if (first != _ready.Task)
        {
            var output = Output;
            Dispose();
            throw new TimeoutException($"waited for 'silo ready' from Cluster.Silo {string.Join(' ', _args)}; output:\n{output}");
        }
    }

    /// <summary>Runs the silo expecting it to exit by itself (bad arguments); returns exit code and all output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(params string[] args)
    {
        var silo = new SiloProcess(Start(args));
        silo.Attach();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await silo._process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            var output = silo.Output;
            silo.Dispose();
            throw new TimeoutException($"Cluster.Silo {string.Join(' ', args)} did not exit within 20 s; output:\n{output}");
        }

        silo._process.WaitForExit(); // flushes the redirected streams
        var code = silo._process.ExitCode;
        var all = silo.Output;
        silo.Dispose();
        return (code, all);
    }

    private static Process Start(string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(SiloDll());
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi) ?? throw new InvalidOperationException("could not start Cluster.Silo");
    }

    private void Attach()
    {
        void OnLine(string? line)
        {
            _output.Add(line);
            if (line?.StartsWith("silo ready", StringComparison.Ordinal) == true)
            {
                _ready.TrySetResult();
            }
        }

        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Ends the process at once, as a crash or <c>kill -9</c> would: no graceful leave from the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
    }

    /// <summary>
    /// Stops the silo as Kubernetes does (SIGTERM, then a kill after 5 s): it leaves the cluster's membership table,
    /// so the next silo started on the same Redis joins without waiting for this one to be declared dead.
    /// </summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                if (!PosixSignals.Send(_process.Id, PosixSignals.SigTerm) || !_process.WaitForExit(5000))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(5000);
                }
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
