using System.Globalization;
using Cluster.Tests.EndToEnd;

namespace Cluster.Tests.Clients;

/// <summary>
/// sipsak's usrloc mode (<c>sipsak -U</c>), the operator's one-line registration check, over UDP and TCP: it
/// registers with digest, the binding shows in the admin CLI with sipsak's Contact as its source, and
/// <c>-x 0</c> for that Contact removes it. sipsak 0.9.8 needs <c>-u USER</c> (without it the digest username is
/// "USER@") and the edge's port in <c>-r</c> (a five-digit port in <c>-s</c> loses its last digit).
/// </summary>
public sealed class SipsakRegistrationTests(ClientCluster cluster) : IClassFixture<ClientCluster>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("udp", "1081")]
    [InlineData("tcp", "1082")]
    public async Task Sipsak_usrloc_registers_shows_in_the_admin_cli_and_unregisters(string transport, string user)
    {
        var edge = transport == "udp" ? cluster.Edge.Udp : cluster.Edge.Tcp;
        // -S: sipsak sends from the port it receives on, so Contact = source. Picking a free port and sipsak binding
        // it are two steps, and tests run side by side: a port taken in between is picked again.
        string port = "", contact = "";
        for (var attempt = 1; ; attempt++)
        {
            port = ExternalTool.FreeUdpPort();
            contact = $"sip:{user}@127.0.0.1:{port}";
            var first = await RunSipsakAsync(transport, user, edge.Port, port, expires: 60, contact);
            if (first.ExitCode != 0 && attempt < 3 && (first.Stdout + first.Stderr).Contains("Address already in use", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.True(first.ExitCode == 0, $"sipsak -x 60 exited {first.ExitCode}\n{first.Stdout}\n{first.Stderr}");
            break;
        }

        var binding = Assert.Single(await cluster.BindingsAsync(user));
        Assert.Equal((contact, $"{transport}:127.0.0.1:{port}"), (binding.Contact, binding.Source));
        Assert.StartsWith("sipsak", binding.UserAgent, StringComparison.Ordinal);

        // From any port: the binding to remove is named by its Contact (and a TCP port just closed is in TIME_WAIT).
        await SipsakAsync(transport, user, edge.Port, localPort: null, expires: 0, contact);
        Assert.Empty(await cluster.BindingsAsync(user));
    }

    private static async Task SipsakAsync(string transport, string user, int edgePort, string? localPort, int expires, string contact)
    {
        var result = await RunSipsakAsync(transport, user, edgePort, localPort, expires, contact);
        Assert.True(result.ExitCode == 0, $"sipsak -x {expires} exited {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
    }

    private static Task<ExternalTool.Result> RunSipsakAsync(string transport, string user, int edgePort, string? localPort, int expires, string contact)
    {
        string[] local = localPort is null ? [] : ["-l", localPort];
        return ExternalTool.RunAsync(
            "sipsak",
            [
                "-U", "-S", "-i", "-vv", "-E", transport, .. local, "-C", contact, "-x", expires.ToString(CultureInfo.InvariantCulture),
                "-s", $"sip:{user}@127.0.0.1", "-r", edgePort.ToString(CultureInfo.InvariantCulture), "-u", user, "-a", "secret",
            ],
            Deadline);
    }
}
