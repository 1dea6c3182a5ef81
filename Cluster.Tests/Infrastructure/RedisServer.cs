using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cluster.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port, in its own temp dir, with AOF on and RDB off.
/// Stop and Restart keep the port and the dir, so AOF recovery can be tested. Killed on Dispose.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private Process? _process;

    public RedisServer()
    {
        Directory = Path.Combine(Path.GetTempPath(), "redis-test-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        Port = FreePort();
        Start();
    }

    public int Port { get; }

    public string Directory { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        var psi = new ProcessStartInfo("redis-server")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", Directory,
                     "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--protected-mode", "no",
                     "--notify-keyspace-events", "KA", // tests await key changes (RedisKeyWatch) instead of polling
                 })
        {
            psi.ArgumentList.Add(arg);
        }

        // redis-server says "Ready to accept connections" once it is listening and has replayed its AOF:
        // that line is the signal, not a PING loop.
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.EnableRaisingEvents = true;
        var started = _process;
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"redis-server exited with {started.ExitCode} before it was ready on port {Port}"));
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!ready.Task.Wait(StartTimeout))
        {
            throw new TimeoutException($"redis-server on port {Port} did not say it was ready within {StartTimeout}");
        }

        if (!Command("PING").StartsWith("+PONG", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"redis-server on port {Port} is ready but does not answer PING");
        }
    }

    /// <summary>Kills the server (as a crash would); the AOF in <see cref="Directory"/> stays.</summary>
    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

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
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open but nothing answers, like a hung host.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Thaws a paused server (SIGCONT).</summary>
    public void Resume() => Signal("CONT");

    private void Signal(string signal)
    {
        if (_process is null)
        {
            return;
        }

        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString()]);
        kill.WaitForExit(5000);
    }

    public void Restart()
    {
        Stop();
        Start();
    }

    /// <summary>Runs one command on a fresh socket (no client library involved) and returns the raw reply.</summary>
    public string Command(params string[] args)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        var sb = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var a in args)
        {
            sb.Append('$').Append(Encoding.UTF8.GetByteCount(a)).Append("\r\n").Append(a).Append("\r\n");
        }

        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        stream.Write(bytes);
        stream.ReadTimeout = 5000;
        var buffer = new byte[65536];
        var n = stream.Read(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }


    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        Resume();
        Stop();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
