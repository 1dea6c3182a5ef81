using System.Globalization;
using Cluster.Tests.EdgeHost;

namespace Cluster.Tests.EndToEnd;

/// <summary>Real SIP tools against the edge process: SIPp and sipsak, as operators would use them.</summary>
public sealed class SipToolsTests(RunningEdge edge) : IClassFixture<RunningEdge>
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sipp_options_scenario_gets_200_for_every_call()
    {
        var scenario = Path.Combine(EdgeProcess.RepositoryRoot, "bench", "sipp", "options_uac.xml");
        var target = $"{edge.Ready.Udp.Address}:{edge.Ready.Udp.Port}";

        var result = await ExternalTool.RunAsync(
            "sipp",
            ["-sf", scenario, target, "-i", "127.0.0.1", "-m", "200", "-r", "100", "-timeout", "30s", "-nostdin", "-p", ExternalTool.FreeUdpPort()],
            s_deadline);

        Assert.True(result.ExitCode == 0, $"sipp exited {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Sipsak_options_gets_200(string transport)
    {
        var port = (transport == "udp" ? edge.Ready.Udp : edge.Ready.Tcp).Port.ToString(CultureInfo.InvariantCulture);

        var result = await ExternalTool.RunAsync("sipsak", ["--transport", transport, "-vv", "-s", $"sip:127.0.0.1:{port}"], s_deadline);

        Assert.True(result.ExitCode == 0, $"sipsak exited {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        Assert.Contains("SIP/2.0 200 OK", result.Stdout);
    }
}
