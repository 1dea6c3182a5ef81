using System.Diagnostics;
using System.Reflection;
using System.Text;
using Cluster.Tests.EdgeHost;

namespace Cluster.Tests.Admin;

/// <summary>Runs the built <c>Cluster.Admin.dll</c> as a process and collects its exit code and output.</summary>
public static class AdminProcess
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static string AdminDll()
    {
        var configuration = typeof(AdminProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = Path.Combine(EdgeProcess.RepositoryRoot, "Cluster.Admin", "bin", configuration, "net10.0", "Cluster.Admin.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build Cluster.Admin first", dll);
    }

    /// <summary>Runs <c>Cluster.Admin ARGS</c>; CLUSTER_ADMIN_TOKEN is set to <paramref name="environmentToken"/> or removed.</summary>
    public static async Task<Result> RunAsync(string? environmentToken, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(AdminDll());
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Remove("CLUSTER_ADMIN_TOKEN");
        if (environmentToken is not null)
        {
            info.Environment["CLUSTER_ADMIN_TOKEN"] = environmentToken;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start Cluster.Admin");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Cluster.Admin {string.Join(' ', args)} did not exit within {Timeout.TotalSeconds} s");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
