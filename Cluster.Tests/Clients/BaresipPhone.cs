using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Silo;

namespace Cluster.Tests.Clients;

/// <summary>
/// baresip (Debian's <c>baresip-core</c>) as a headless phone: a generated config dir per phone (its <c>config</c>
/// and <c>accounts</c>), SIP on <paramref name="localAddress"/>, the bridge module as sound card (no audio hardware,
/// no X), the SIP trace on (<c>-s</c>) so that tests can await the answers it receives, and <c>ctrl_tcp</c> for
/// commands and events. The account registers by itself at start, with a 60 s lifetime (baresip refreshes at 90 %).
/// Killed and its dir removed on Dispose.
/// </summary>
public sealed class BaresipPhone : IRegisteringClient
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly ProcessLog _output = new("baresip", streams: 2);
    private readonly string _directory;
    private readonly string _edge;
    private readonly string _aor;
    private int _afterRegistration = -1;
    private int _controlPort;

    private BaresipPhone(Process process, string directory, string edge, string aor)
    {
        _process = process;
        _directory = directory;
        _edge = edge;
        _aor = aor;
    }

    public int ProcessId => _process.Id;

    public string Output => $"{_output.Text}\n--- ctrl_tcp events\n{Control?.Events}";

    /// <summary>Output lines so far: read it before an action, to await only the lines printed after it.</summary>
    public int OutputLineCount => _output.Count;

    public BaresipControl Control { get; private set; } = null!;

    /// <summary>
    /// Starts baresip for <paramref name="user"/> (password "secret") registering with the edge at
    /// <paramref name="edge"/> over <paramref name="transport"/> (<c>udp</c> or <c>tcp</c>); returns once it is ready and
    /// its ctrl_tcp is connected (its REGISTER may still be under way: <see cref="RegisteredAsync"/>).
    /// </summary>
    public static async Task<BaresipPhone> StartAsync(string localAddress, IPEndPoint edge, string transport, string user)
    {
        // The ctrl_tcp port is picked free, then bound by baresip: another process may take it in between, and
        // baresip then goes on without ctrl_tcp. Start again on another port.
        for (var attempt = 1; ; attempt++)
        {
            var phone = await StartOnceAsync(localAddress, edge, transport, user);
            if (!phone._output.Text.Contains("ctrl_tcp: failed to listen", StringComparison.Ordinal) || attempt == 3)
            {
                try
                {
                    phone.Control = await BaresipControl.ConnectAsync(phone._controlPort);
                    return phone;
                }
                catch
                {
                    phone.Dispose();
                    throw;
                }
            }

            phone.Dispose();
        }
    }

    private static async Task<BaresipPhone> StartOnceAsync(string localAddress, IPEndPoint edge, string transport, string user)
    {
        var directory = Path.Combine(Path.GetTempPath(), "baresip-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var control = SiloProcess.FreePort();
        // The edge grants at least 60 s (shorter gets 423), so regint=60 makes the refresh come soonest (54 s).
        var aor = $"sip:{user}@{edge.Address}:{edge.Port}";
        await File.WriteAllTextAsync(Path.Combine(directory, "accounts"), $"<{aor};transport={transport}>;auth_pass=secret;regint=60\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "config"), $"""
            poll_method epoll
            sip_listen {localAddress}:0
            audio_player aubridge,nil
            audio_source aubridge,nil
            audio_alert aubridge,nil
            statmode_default off
            module_path /usr/lib/baresip/modules
            module g711.so
            module aubridge.so
            module_app account.so
            module_app menu.so
            module_app ctrl_tcp.so
            ctrl_tcp_listen 127.0.0.1:{control}

            """);

        var info = new ProcessStartInfo("baresip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // kept open: baresip must not read a closed terminal
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var arg in new[] { "-f", directory, "-s" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var phone = new BaresipPhone(process, directory, $"{edge.Address}:{edge.Port}", aor) { _controlPort = control };
        process.OutputDataReceived += (_, e) => phone._output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => phone._output.Add(e.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await phone._output.WaitForLineAsync(line => line.Contains("baresip is ready.", StringComparison.Ordinal), "'baresip is ready.'", 0, Wait);
            return phone;
        }
        catch
        {
            phone.Dispose();
            throw;
        }
    }

    public async Task RegisteredAsync(TimeSpan timeout)
    {
        await WaitForResponseAsync(200, "REGISTER", 0, "the edge's 200 OK to its REGISTER", timeout);
        _afterRegistration = _output.Count;
    }

    public Task RefreshedAsync(TimeSpan timeout) =>
        WaitForResponseAsync(200, "REGISTER", AfterRegistration, "the edge's 200 OK to its refreshing REGISTER", timeout);

    public async Task UnregisterAsync(TimeSpan timeout)
    {
        // Deleting the user agent sends REGISTER with expires 0 for its binding (baresip 1.0 has no "unregister" command).
        var from = _output.Count;
        var answer = await Control.CommandAsync("uadel", _aor, timeout);
        Assert.True(answer.GetProperty("ok").GetBoolean(), $"uadel {_aor}: {answer}");
        await WaitForResponseAsync(200, "REGISTER", from, "the edge's 200 OK to its REGISTER with expires 0", timeout);
    }

    /// <summary>Awaits a response with <paramref name="status"/> to <paramref name="method"/> from the edge, printed from line <paramref name="from"/> on.</summary>
    public Task WaitForResponseAsync(int status, string method, int from, string awaited, TimeSpan timeout) =>
        _output.WaitForLineAsync(BaresipTrace.Response(_edge, status, method), awaited, from, timeout);

    /// <summary>Whether the trace from line <paramref name="from"/> on shows a response with this status (e.g. 407).</summary>
    public bool ReceivedStatus(int status, int from) =>
        _output.Text.Split('\n').Skip(from).Any(line => BaresipTrace.IsStatusLine(line, status));

    /// <summary>Runs a ctrl_tcp command that must succeed.</summary>
    public async Task<JsonElement> CommandAsync(string command, string? parameters = null)
    {
        var answer = await Control.CommandAsync(command, parameters, Wait);
        Assert.True(answer.GetProperty("ok").GetBoolean(), $"{command} {parameters}: {answer}");
        return answer;
    }

    private int AfterRegistration =>
        _afterRegistration >= 0 ? _afterRegistration : throw new InvalidOperationException("await RegisteredAsync first");

    public void Dispose()
    {
        Control?.Dispose();
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
            // never started, or exited between the check and the kill
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
