using System.Net;
using System.Net.Http.Json;
using Cluster.Tests.EndToEnd;

namespace Cluster.Tests.Defense;

/// <summary>
/// SIPVicious, the scanner kit behind most SIP attacks on the internet, against an edge configured
/// for the internet (bench/internet.yaml): it must find nothing, enumerate nothing and crack nothing.
/// The tools send from 127.0.0.1, which these tests do not trust.
/// </summary>
public sealed class SipViciousTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Svmap_does_not_find_the_edge()
    {
        using var edge = await InternetEdge.StartAsync();

        var result = await ExternalTool.RunAsync("svmap", ["-P", ExternalTool.FreeUdpPort(), "-p", Port(edge), "127.0.0.1"], s_deadline);

        Assert.DoesNotContain($"127.0.0.1:{Port(edge)}", result.Stdout + result.Stderr);
        Assert.Contains("found nothing", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Svwar_enumerates_no_extension()
    {
        using var edge = await InternetEdge.StartAsync();

        // 1000-1020 are real accounts in internet.yaml: enumeration must not tell them from strangers.
        var result = await ExternalTool.RunAsync("svwar", ["-P", ExternalTool.FreeUdpPort(), "-e1000-1020", "-m", "REGISTER", $"udp://127.0.0.1:{Port(edge)}"], s_deadline);

        Assert.Contains("found nothing", result.Stdout + result.Stderr);
        Assert.DoesNotContain("reqauth", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Svcrack_cracks_nothing_even_with_the_password_in_its_dictionary_and_its_address_is_blocked()
    {
        using var edge = await InternetEdge.StartAsync();
        var dictionary = Path.Combine(Path.GetTempPath(), $"svcrack-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(dictionary, ["123456", "password", "1000", "admin", "qwerty", "letmein", "secret"]);
        try
        {
            var result = await ExternalTool.RunAsync("svcrack", ["-P", ExternalTool.FreeUdpPort(), "-u1000", "-d", dictionary, $"udp://127.0.0.1:{Port(edge)}"], s_deadline);

            Assert.DoesNotContain("secret", result.Stdout);
            Assert.Contains("found nothing", result.Stdout + result.Stderr);
        }
        finally
        {
            File.Delete(dictionary);
        }

        using var admin = new HttpClient { BaseAddress = edge.SiloAdmin };
        var state = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/ips/127.0.0.1");
        Assert.True(state.GetProperty("blocked").GetBoolean(), $"127.0.0.1 is not blocked: {state}");
    }

    private static string Port(InternetEdge edge) => edge.Ready.Udp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
