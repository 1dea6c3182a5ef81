using System.Globalization;
using Cluster.Tests.EndToEnd;

namespace Cluster.Tests.Clients;

/// <summary>
/// SIPp's stock <c>[authentication]</c> keyword registering accounts with a port-less Request-URI
/// (<c>REGISTER sip:127.0.0.1</c>), as a load test is usually written (issue 13, item 1). SIPp's digest
/// <c>uri</c> names the host and the port it sent to (<c>sip:127.0.0.1:PORT</c>): that names this server for this
/// request, so every account must register, and none of it may count as a failed login: after more accounts than
/// SS_AUTHENTICATION_MAX_RETRY (5) the load generator's address is still not blocked.
/// </summary>
public sealed class SippStockDigestTests(ClientCluster cluster) : IClassFixture<ClientCluster>
{
    private const string Address = "127.0.0.68";
    private static readonly string[] Accounts = ["1091", "1092", "1093", "1094", "1095", "1096"];
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sipp_stock_authentication_with_a_port_less_request_uri_registers_every_account_and_is_never_blocked()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sipp-stock-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        try
        {
            var scenario = Path.Combine(directory, "register.xml");
            var accounts = Path.Combine(directory, "accounts.csv");
            var messages = Path.Combine(directory, "messages.log");
            await File.WriteAllTextAsync(scenario, Scenario);
            await File.WriteAllLinesAsync(accounts, ["SEQUENTIAL", .. Accounts.Select(a => $"{a};[authentication username={a} password=secret]")]);
            var edge = cluster.Edge.Udp;
            var port = ExternalTool.FreeUdpPort();

            var result = await ExternalTool.RunAsync(
                "sipp",
                [
                    "-sf", scenario, "-inf", accounts, $"{edge.Address}:{edge.Port}", "-i", Address, "-p", port,
                    "-m", Accounts.Length.ToString(CultureInfo.InvariantCulture), "-r", "3", "-timeout", "30s", "-nostdin",
                    "-trace_msg", "-message_file", messages,
                ],
                Deadline,
                directory);

            var trace = File.Exists(messages) ? await File.ReadAllTextAsync(messages) : "(no message trace)";
            Assert.True(result.ExitCode == 0, $"sipp exited {result.ExitCode}\n{result.Stdout}\n{result.Stderr}\n{trace}");
            foreach (var account in Accounts)
            {
                var binding = Assert.Single(await cluster.BindingsAsync(account));
                Assert.Equal($"udp:{Address}:{port}", binding.Source);
            }

            var source = await cluster.AdminJsonAsync("ip", "show", Address);
            Assert.False(source.GetProperty("blocked").GetBoolean(), source.ToString());
            Assert.Equal(0, source.GetProperty("authFailures").GetInt32());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // bench/sipp/register_digest.xml with the port taken out of the Request-URI; [field1] is the [authentication] keyword.
    private const string Scenario = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="Stock digest REGISTER, port-less Request-URI">
          <send retrans="500">
            <![CDATA[
              REGISTER sip:[remote_ip] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              Max-Forwards: 70
              From: <sip:[field0]@[remote_ip]>;tag=[pid]SIPpTag[call_number]
              To: <sip:[field0]@[remote_ip]>
              Call-ID: [call_id]
              CSeq: 1 REGISTER
              Contact: <sip:[field0]@[local_ip]:[local_port]>
              Expires: 3600
              User-Agent: sipp-stock-auth
              Content-Length: 0

            ]]>
          </send>
          <recv response="401" auth="true" timeout="5000" />
          <send retrans="500">
            <![CDATA[
              REGISTER sip:[remote_ip] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              Max-Forwards: 70
              From: <sip:[field0]@[remote_ip]>;tag=[pid]SIPpTag[call_number]
              To: <sip:[field0]@[remote_ip]>
              Call-ID: [call_id]
              CSeq: 2 REGISTER
              Contact: <sip:[field0]@[local_ip]:[local_port]>
              [field1]
              Expires: 3600
              User-Agent: sipp-stock-auth
              Content-Length: 0

            ]]>
          </send>
          <recv response="200" timeout="5000" />
        </scenario>
        """;
}
