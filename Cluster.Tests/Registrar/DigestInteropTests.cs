using System.Globalization;
using System.Net;
using Cluster.Tests.Calls;
using Cluster.Tests.EdgeHost;
using Cluster.Tests.EndToEnd;

namespace Cluster.Tests.Registrar;

/// <summary>
/// Digest as real clients write it, against a real edge and redis-server (bench.yaml's accounts 1000-10999,
/// password "secret", SS_AUTHENTICATION_MAX_RETRY 5, SS_ENDPOINTREGISTERRETRY 6, SS_REPLY_UNAUTHORIZED on): SIPp's
/// stock [authentication] with a port-less Request-URI and sipsak's usrloc mode register; a digest uri naming
/// another host gets 400 and counts nothing; a registered phone with no calling rights is refused, never blocked;
/// a REGISTER naming no account in any form is answered as an unknown account is. Every outcome is read back from
/// the grains the admin API reads: failure counts, blocks, bindings. Each test has its own accounts and addresses.
/// </summary>
public sealed class DigestInteropTests(DigestInteropCluster cluster) : IClassFixture<DigestInteropCluster>
{
    private static readonly TimeSpan s_toolDeadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Sipps_stock_authentication_with_a_port_less_Request_URI_registers_every_account_with_no_failure_and_no_block()
    {
        // Not 127.0.0.1 (trusted, never blocked): from here five uncounted-looking failures would block SIPp.
        const string sipp = "127.0.0.55";
        const int first = 7000, count = 300;
        var accounts = Path.Combine(Path.GetTempPath(), $"accounts-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(accounts, ["SEQUENTIAL", .. Enumerable.Range(first, count).Select(u => $"{u};secret;[authentication username={u} password=secret]")]);
        try
        {
            var edge = cluster.Ready.Udp;
            var result = await ExternalTool.RunAsync(
                "sipp",
                ["-sf", Path.Combine(EdgeProcess.RepositoryRoot, "bench", "sipp", "register_digest_no_port.xml"), "-inf", accounts,
                 $"{edge.Address}:{edge.Port}", "-i", sipp, "-m", count.ToString(CultureInfo.InvariantCulture), "-r", "100",
                 "-timeout", "90s", "-nostdin", "-p", ExternalTool.FreeUdpPort()],
                s_toolDeadline);
            Assert.True(result.ExitCode == 0, $"sipp exited {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        }
        finally
        {
            File.Delete(accounts);
        }

        var now = DateTimeOffset.UtcNow;
        var source = await cluster.Grains.GetSourceIpGrain(IPAddress.Parse(sipp)).GetAsync(now);
        Assert.False(source.Blocked, $"SIPp's address was blocked ({source.Reason})");
        Assert.Equal(0, source.AuthFailures);
        foreach (var user in Enumerable.Range(first, count))
        {
            var endpoint = await cluster.Grains.GetEndpointGrain(user.ToString(CultureInfo.InvariantCulture)).GetAsync(now);
            Assert.True(endpoint.Bindings.Count == 1 && endpoint.ConsecutiveFailures == 0, $"{user}: {endpoint.Bindings.Count} bindings, {endpoint.ConsecutiveFailures} failures");
        }
    }

    [Fact]
    public async Task Sipsak_usrloc_mode_with_a_password_registers()
    {
        const string user = "7400";
        var edge = cluster.Ready.Udp;

        // -u: sipsak 0.9.8.1 otherwise sends the digest username "7400@" (it keeps the '@' of the -s URI).
        // -x: its default Expires of 15 s is below Min-Expires (60 s) and would get 423.
        var result = await ExternalTool.RunAsync(
            "sipsak",
            ["-U", "-s", $"sip:{user}@{edge.Address}:{edge.Port}", "-u", user, "-a", "secret", "-x", "3600", "-vvv"],
            s_toolDeadline);

        Assert.True(result.ExitCode == 0, $"sipsak exited {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        Assert.Contains("SIP/2.0 200 OK", result.Stdout);
        var endpoint = await cluster.Grains.GetEndpointGrain(user).GetAsync(DateTimeOffset.UtcNow);
        Assert.Single(endpoint.Bindings);
        Assert.Equal(0, endpoint.ConsecutiveFailures);
    }

    [Fact]
    public async Task A_digest_uri_naming_another_host_gets_400_and_counts_no_failure_however_often()
    {
        using var phone = new Phone("127.0.0.57");

        // More than both SS_AUTHENTICATION_MAX_RETRY (5) and SS_ENDPOINTREGISTERRETRY (6).
        for (var attempt = 1; attempt <= 7; attempt++)
        {
            var answer = await phone.RegisterAsync(cluster.Ready.Udp, "7500", "secret", digestUri: "sip:evil.example.com");
            Assert.True(answer is not null, $"attempt {attempt}: no answer");
            Assert.Equal("SIP/2.0 400 Authorization uri Names Another Target", SipText.StatusLine(answer));
        }

        var now = DateTimeOffset.UtcNow;
        var source = await cluster.Grains.GetSourceIpGrain(phone.LocalEndPoint.Address).GetAsync(now);
        Assert.Equal((false, 0), (source.Blocked, source.AuthFailures));
        Assert.Equal(0, (await cluster.Grains.GetEndpointGrain("7500").GetAsync(now)).ConsecutiveFailures);

        // Neither the address nor the account was held against: the right uri registers at once.
        Assert.Equal(200, SipText.StatusCode((await phone.RegisterAsync(cluster.Ready.Udp, "7500", "secret"))!));
    }

    [Fact]
    public async Task A_registered_phone_dialling_ten_times_with_correct_credentials_and_no_calling_rights_gets_403_and_is_never_blocked()
    {
        // 7600 is an account, not cust-reg's (2000): it may register but no mapping gateway calls with it.
        const string account = "7600";
        using var phone = new Phone("127.0.0.58");
        var edge = cluster.Ready.Udp;
        Assert.Equal(200, SipText.StatusCode((await phone.RegisterAsync(edge, account, "secret"))!));

        var logged = cluster.Edge.StderrLineCount;
        for (var dial = 1; dial <= 10; dial++)
        {
            var callId = $"dial-{dial}-{Guid.NewGuid():N}";
            var challenge = await phone.SendAsync(edge, Invite(phone.LocalEndPoint, edge, account, callId, cseq: 1));
            Assert.True(challenge is not null && SipText.StatusCode(challenge) == 407, $"dial {dial}: {challenge ?? "no answer"}");

            var uri = $"sip:12025550123@{edge.Address}:{edge.Port}";
            var credentials = DigestAnswer.Line(SipText.Header(challenge, "Proxy-Authenticate")!, account, "secret", "INVITE", uri);
            var refused = await phone.SendAsync(edge, Invite(phone.LocalEndPoint, edge, account, callId, cseq: 2, credentials));
            Assert.True(refused is not null, $"dial {dial}: no answer to the authenticated INVITE");
            Assert.Equal("SIP/2.0 403 Account Not Allowed To Call", SipText.StatusLine(refused));
        }

        // The operator's clue: the account is named, and it authenticated.
        await cluster.Edge.WaitForStderrLineAsync(l => l.Contains($"account {account} from {phone.LocalEndPoint.Address} authenticated", StringComparison.Ordinal), $"the log line naming account {account}", logged);
        var source = await cluster.Grains.GetSourceIpGrain(phone.LocalEndPoint.Address).GetAsync(DateTimeOffset.UtcNow);
        Assert.Equal((false, 0), (source.Blocked, source.AuthFailures));
        Assert.Equal(200, SipText.StatusCode((await phone.RegisterAsync(edge, account, "secret"))!));
    }

    [Theory]
    [InlineData("<tel:+15551234>", "127.0.0.60")]
    [InlineData("<sip:softswitch>", "127.0.0.61")]
    [InlineData("<sips:softswitch:5061;transport=tls>", "127.0.0.62")]
    [InlineData("<urn:service:sos>", "127.0.0.63")]
    public async Task A_REGISTER_whose_To_names_no_account_gets_exactly_what_an_unknown_account_gets(string to, string address)
    {
        using var phone = new Phone(address);
        var edge = cluster.Ready.Udp;
        string Register(string aor, string callId, int cseq, string? authorization) =>
            phone.Register("99999999", callId, cseq, 3600, authorization).Replace("To: <sip:99999999@softswitch>", $"To: {aor}", StringComparison.Ordinal);

        // An unknown account first, then the odd form: same answers, without and with credentials.
        foreach (var aor in new[] { "<sip:99999999@softswitch>", to })
        {
            var callId = Guid.NewGuid().ToString("N");
            var challenge = await phone.SendAsync(edge, Register(aor, callId, 1, null));
            Assert.True(challenge is not null && SipText.StatusCode(challenge) == 401, $"{aor}: {challenge ?? "no answer"}");
            Assert.Contains("Digest realm=\"softswitch\"", SipText.Header(challenge, "WWW-Authenticate"));

            var answer = DigestAnswer.Line(SipText.Header(challenge, "WWW-Authenticate")!, "99999999", "secret", "REGISTER", "sip:softswitch", "Authorization");
            var again = await phone.SendAsync(edge, Register(aor, callId, 2, answer["Authorization: ".Length..^2]));
            Assert.True(again is not null && SipText.StatusCode(again) == 401, $"{aor} with credentials: {again ?? "no answer"}");
        }
    }

    private static string Invite(IPEndPoint from, IPEndPoint edge, string account, string callId, int cseq, string extra = "") =>
        $"INVITE sip:12025550123@{edge.Address}:{edge.Port} SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP {from.Address}:{from.Port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:{account}@{from.Address}>;tag=p{callId.GetHashCode():x}\r\n" +
        $"To: <sip:12025550123@{edge.Address}>\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} INVITE\r\n" +
        $"Contact: <sip:{account}@{from.Address}:{from.Port}>\r\n" +
        extra +
        "Content-Length: 0\r\n\r\n";
}
