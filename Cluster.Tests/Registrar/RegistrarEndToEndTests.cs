using System.Net;
using Cluster.Tests.EdgeHost;
using Cluster.Tests.EndToEnd;

namespace Cluster.Tests.Registrar;

/// <summary>
/// Registration with digest against two edges sharing one Redis: limits and protection hold
/// cluster-wide, whichever edge and whichever source address a request uses. bench/bench.yaml:
/// accounts 1000-10999 with password "secret", SS_ENDPOINTREGISTERRETRY 6, SS_AUTHENTICATION_MAX_RETRY 5,
/// SS_REPLY_UNAUTHORIZED on (refusals are 403). Each test uses its own accounts and source addresses.
/// </summary>
public sealed class RegistrarEndToEndTests(RegistrarCluster cluster) : IClassFixture<RegistrarCluster>
{
    private static readonly TimeSpan s_sippDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Sipp_digest_register_succeeds_on_one_edge_and_on_two_edges_sharing_redis()
    {
        var accounts = Path.Combine(Path.GetTempPath(), $"accounts-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(accounts, ["SEQUENTIAL", .. Enumerable.Range(5000, 200).Select(u => $"{u};secret;[authentication username={u} password=secret]")]);
        try
        {
            // 100 accounts on the first edge, then the next 100 on the second one.
            foreach (var edge in new[] { cluster.First.Udp, cluster.Second.Udp })
            {
                var result = await ExternalTool.RunAsync(
                    "sipp",
                    ["-sf", Path.Combine(EdgeProcess.RepositoryRoot, "bench", "sipp", "register_digest.xml"), "-inf", accounts,
                     $"{edge.Address}:{edge.Port}", "-i", "127.0.0.1", "-m", "100", "-r", "50", "-timeout", "60s", "-nostdin", "-p", ExternalTool.FreeUdpPort()],
                    s_sippDeadline);
                Assert.True(result.ExitCode == 0, $"sipp exited {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
                File.WriteAllLines(accounts, ["SEQUENTIAL", .. Enumerable.Range(5100, 100).Select(u => $"{u};secret;[authentication username={u} password=secret]")]);
            }

            // stored durably by the silo: each account's entry in its endpoint shard's hash
            Assert.Equal(":1\r\n", cluster.Redis.Command("HEXISTS", Cluster.Grains.EndpointShards.Key(Cluster.Grains.EndpointShards.Of("5000")), "5000"));
            Assert.Equal(":1\r\n", cluster.Redis.Command("HEXISTS", Cluster.Grains.EndpointShards.Key(Cluster.Grains.EndpointShards.Of("5199")), "5199"));
        }
        finally
        {
            File.Delete(accounts);
        }
    }

    [Fact]
    public async Task A_binding_made_on_one_edge_is_listed_by_the_other()
    {
        using var phone = new Phone("127.0.0.51");

        var first = await phone.RegisterAsync(cluster.First.Udp, "6000", "secret");
        var second = await phone.RegisterAsync(cluster.Second.Udp, "6000", "secret");

        Assert.Equal(200, SipText.StatusCode(first!));
        Assert.Equal(200, SipText.StatusCode(second!));
        Assert.Contains($"sip:6000@{phone.LocalEndPoint.Address}:{phone.LocalEndPoint.Port}", SipText.Header(second!, "Contact"));
        Assert.Matches(@"expires=(3600|3599)", SipText.Header(second!, "Contact"));
    }

    [Fact]
    public async Task Expires_zero_removes_the_binding_and_a_too_brief_interval_gets_423()
    {
        using var phone = new Phone("127.0.0.52");
        Assert.NotNull(SipText.Header((await phone.RegisterAsync(cluster.First.Udp, "6001", "secret"))!, "Contact"));

        var removed = await phone.RegisterAsync(cluster.Second.Udp, "6001", "secret", expires: 0);
        Assert.Equal(200, SipText.StatusCode(removed!));
        Assert.Null(SipText.Header(removed!, "Contact"));

        var brief = await phone.RegisterAsync(cluster.First.Udp, "6001", "secret", expires: 30);
        Assert.Equal(423, SipText.StatusCode(brief!));
        Assert.Equal("60", SipText.Header(brief!, "Min-Expires"));
    }

    [Fact]
    public async Task Failures_over_both_edges_and_many_addresses_suspend_the_endpoint_after_exactly_six()
    {
        // Six sources, one failure each: no single address reaches SS_AUTHENTICATION_MAX_RETRY,
        // so only the endpoint's own count (SS_ENDPOINTREGISTERRETRY = 6) can stop the attacker.
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            using var attacker = new Phone($"127.0.0.{60 + attempt}");
            var edge = attempt % 2 == 0 ? cluster.Second.Udp : cluster.First.Udp;

            var answer = await attacker.RegisterAsync(edge, "6100", "guessed-" + attempt);

            Assert.True(answer is not null, $"attempt {attempt} got no answer");
            Assert.Equal(attempt < 6 ? 401 : 403, SipText.StatusCode(answer));
        }

        // The right password no longer helps, on either edge, from a clean address...
        using var owner = new Phone("127.0.0.70");
        Assert.Equal(403, SipText.StatusCode((await owner.RegisterAsync(cluster.First.Udp, "6100", "secret"))!));
        Assert.Equal(403, SipText.StatusCode((await owner.RegisterAsync(cluster.Second.Udp, "6100", "secret"))!));

        // ...while another account keeps registering.
        Assert.Equal(200, SipText.StatusCode((await owner.RegisterAsync(cluster.Second.Udp, "6101", "secret"))!));

        // Ops unsuspend: both edges take the owner again.
        var logged = LogMarks();
        using (var admin = new HttpClient { BaseAddress = cluster.Silo.Admin, Timeout = TimeSpan.FromSeconds(10) })
        {
            (await admin.PostAsync("/api/endpoints/6100/unsuspend", null)).EnsureSuccessStatusCode();
        }

        await BothEdgesAppliedAsync("unsuspend ep 6100", logged);
        Assert.Equal(200, SipText.StatusCode((await owner.RegisterAsync(cluster.First.Udp, "6100", "secret"))!));
        Assert.Equal(200, SipText.StatusCode((await owner.RegisterAsync(cluster.Second.Udp, "6100", "secret"))!));
    }

    [Fact]
    public async Task Failures_from_one_address_block_it_after_five_while_other_addresses_keep_working()
    {
        using var attacker = new Phone("127.0.0.80");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            // A different account each time: the block comes from the address's count, not an endpoint's.
            var answer = await attacker.RegisterAsync(attempt % 2 == 0 ? cluster.Second.Udp : cluster.First.Udp, $"{6200 + attempt}", "wrong");
            Assert.Equal(attempt < 5 ? 401 : 403, SipText.StatusCode(answer!));
        }

        // Blocked on both edges, even with valid credentials.
        Assert.Equal(403, SipText.StatusCode((await attacker.RegisterAsync(cluster.First.Udp, "6210", "secret"))!));
        Assert.Equal(403, SipText.StatusCode((await attacker.RegisterAsync(cluster.Second.Udp, "6210", "secret"))!));

        using var neighbour = new Phone("127.0.0.81");
        Assert.Equal(200, SipText.StatusCode((await neighbour.RegisterAsync(cluster.First.Udp, "6210", "secret"))!));

        // Ops unblock through the silo's admin API (the source's shard grain announces it): every edge forgets its cached block.
        var logged = LogMarks();
        using (var admin = new HttpClient { BaseAddress = cluster.SiloAdmin })
        {
            (await admin.PostAsync("/api/ips/127.0.0.80/unblock", null)).EnsureSuccessStatusCode();
        }

        await BothEdgesAppliedAsync("unblock ip 127.0.0.80", logged);
        Assert.Equal(200, SipText.StatusCode((await attacker.RegisterAsync(cluster.First.Udp, "6211", "secret"))!));
        Assert.Equal(200, SipText.StatusCode((await attacker.RegisterAsync(cluster.Second.Udp, "6212", "secret"))!));
    }

    /// <summary>Each edge's log length, taken before an ops change so that only later lines count as its signal.</summary>
    private int[] LogMarks() => [.. cluster.Edges.Select(e => e.StderrLineCount)];

    /// <summary>
    /// The pub/sub message reaches the edges a moment after the grain turn returns: await each edge's
    /// "cluster change applied" line for <paramref name="change"/>, so the next REGISTER meets an edge that follows it.
    /// </summary>
    private Task BothEdgesAppliedAsync(string change, int[] logged) =>
        Task.WhenAll(cluster.Edges.Select((edge, i) => edge.WaitForChangeAppliedAsync(change, logged[i])));

    [Fact]
    public async Task A_replayed_authorization_is_refused_on_any_edge()
    {
        using var phone = new Phone("127.0.0.90");
        Assert.Equal(200, SipText.StatusCode((await phone.RegisterAsync(cluster.First.Udp, "6300", "secret"))!));

        // The same bytes again, with a new branch so it is a new transaction, to the other edge.
        var replay = phone.LastAuthorizedRequest.Replace(";rport", ";x=replay;rport");
        var answer = await phone.SendAsync(cluster.Second.Udp, System.Text.RegularExpressions.Regex.Replace(replay, "branch=[^;]+", "branch=z9hG4bKreplayed01"));

        Assert.Equal(401, SipText.StatusCode(answer!));
    }
}
