using System.Diagnostics;
using System.Net;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Clients;

/// <summary>
/// linphonec (Debian's <c>linphone-cli</c>) as a headless phone: a generated rc file and HOME per phone, commands on
/// its stdin, its log (<c>-d 6</c>, on stdout) read for the registration state changes it reports
/// (<c>moving from state [LinphoneRegistrationProgress] to [LinphoneRegistrationOk]</c>). It needs no sound card
/// (it warns and goes on) but does need a writable <c>~/.local/share/linphone</c> for its database: without it the
/// core never opens its SIP ports and every REGISTER fails with "No listening point". The account registers by
/// itself at start with a 60 s lifetime (linphone refreshes at 90 %). Killed and its HOME removed on Dispose.
/// </summary>
public sealed class LinphonePhone : IRegisteringClient
{
    private const string Registered = "to [LinphoneRegistrationOk]";

    private readonly Process _process;
    private readonly ProcessLog _output = new("linphonec", streams: 2);
    private readonly string _home;
    private int _afterRegistration = -1;

    private LinphonePhone(Process process, string home)
    {
        _process = process;
        _home = home;
    }

    public int ProcessId => _process.Id;

    public string Output => _output.Text;

    /// <summary>
    /// Starts linphonec for <paramref name="user"/> (password "secret") registering with the edge at
    /// <paramref name="edge"/> over <paramref name="transport"/> (<c>udp</c> or <c>tcp</c>) from <paramref name="localAddress"/>.
    /// </summary>
    public static async Task<LinphonePhone> StartAsync(string localAddress, IPEndPoint edge, string transport, string user)
    {
        var home = Path.Combine(Path.GetTempPath(), "linphone-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(home, ".local", "share", "linphone"));
        var rc = Path.Combine(home, "linphonerc");
        // Port -1 is a random port, 0 switches a transport off: only the transport under test listens.
        await File.WriteAllTextAsync(rc, $"""
            [sip]
            bind_address={localAddress}
            sip_port={(transport == "udp" ? -1 : 0)}
            sip_tcp_port={(transport == "tcp" ? -1 : 0)}
            sip_tls_port=0
            default_proxy=0
            register_only_when_network_is_up=0

            [proxy_0]
            reg_proxy=<sip:{edge.Address}:{edge.Port};transport={transport}>
            reg_identity=sip:{user}@{edge.Address}:{edge.Port}
            reg_expires=60
            reg_sendregister=1
            publish=0

            [auth_info_0]
            username={user}
            passwd=secret
            realm=softswitch

            """);

        var info = new ProcessStartInfo("linphonec")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // kept open: linphonec quits (and unregisters) at the end of its input
            UseShellExecute = false,
            WorkingDirectory = home,
        };
        foreach (var arg in new[] { "-c", rc, "-d", "6" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = home;
        info.Environment.Remove("XDG_DATA_HOME");
        info.Environment.Remove("XDG_CONFIG_HOME");
        info.Environment.Remove("DISPLAY");

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var phone = new LinphonePhone(process, home);
        process.OutputDataReceived += (_, e) => phone._output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => phone._output.Add(e.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
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
        var line = await _output.WaitForLineAsync(
            line => line.Contains(Registered, StringComparison.Ordinal) || line.Contains("to [LinphoneRegistrationFailed]", StringComparison.Ordinal),
            "its first registration state change",
            0,
            timeout);
        Assert.True(line.Contains(Registered, StringComparison.Ordinal), $"linphonec did not register: {line}\n{Output}");
        _afterRegistration = _output.Count;
    }

    // A refresh answered 200 is reported as "moving from state [LinphoneRegistrationOk] to [LinphoneRegistrationOk]".
    public Task RefreshedAsync(TimeSpan timeout) =>
        _output.WaitForLineAsync(
            line => line.Contains("from state [LinphoneRegistrationOk] " + Registered, StringComparison.Ordinal),
            "the 200 OK to its refreshing REGISTER",
            _afterRegistration >= 0 ? _afterRegistration : throw new InvalidOperationException("await RegisteredAsync first"),
            timeout);

    public async Task UnregisterAsync(TimeSpan timeout)
    {
        var from = _output.Count;
        await SendAsync("unregister");
        await _output.WaitForLineAsync(
            line => line.Contains("to [LinphoneRegistrationCleared]", StringComparison.Ordinal),
            "the 200 OK to its REGISTER with expires 0 (state LinphoneRegistrationCleared)",
            from,
            timeout);
    }

    /// <summary>Types one command at the <c>linphonec&gt;</c> prompt.</summary>
    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
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
            // never started, or exited between the check and the kill
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
