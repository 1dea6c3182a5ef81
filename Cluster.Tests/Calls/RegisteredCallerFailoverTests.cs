using Cluster.Grains;
using Cluster.Tests.EndToEnd;
using Cluster.Tests.Registrar;

namespace Cluster.Tests.Calls;

/// <summary>
/// Issue 11's kill-silo test for registrations: account 2000 (cust-reg, "dynamic by registration") registers, the
/// silo holding its endpoint shard is killed with SIGKILL, and the phone's next INVITE from the same address and port
/// is still the gateway's, with no challenge: the binding came back from Redis on the other silo and still routes calls.
/// </summary>
public sealed class RegisteredCallerFailoverTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly CallCluster _cluster = new(silos: 2);

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task A_registration_made_before_its_silo_was_killed_still_routes_the_phones_calls()
    {
        using var vendorA = new UdpSipParty("127.0.0.1", _cluster.VendorPorts["vendorA"]);
        using var phone = new Phone("127.0.0.44");
        Assert.Equal(200, SipText.StatusCode((await phone.RegisterAsync(_cluster.First.Udp, "2000", "secret"))!));

        var orleans = _cluster.Client.Orleans;
        var host = await orleans.GetGrain<IManagementGrain>(0).GetActivationAddress(orleans.GetGrain<IEndpointShardGrain>(EndpointShards.Of("2000")));
        Assert.NotNull(host);
        var victim = _cluster.Silos.Single(s => s.SiloPort == host.Endpoint.Port);
        victim.Silo.Kill();
        var killed = System.Diagnostics.Stopwatch.StartNew();

        // the phone does not know anything happened: it just calls, from the address it registered from
        var edge = _cluster.Second.Udp;
        string? forwarded = null;
        var reachedAt = TimeSpan.Zero;
        var answers = new List<string>();
        for (var attempt = 1; forwarded is null && attempt <= 10; attempt++)
        {
            var invite = RegisteredCallerTests.Invite(phone.LocalEndPoint, edge, $"after-kill-{attempt}-{Guid.NewGuid():N}", cseq: 1);
            var reachedVendor = vendorA.ExpectAsync("INVITE ", wait: TimeSpan.FromSeconds(4));
            var at = reachedVendor.ContinueWith(_ => killed.Elapsed, TaskScheduler.Default);
            var answer = await phone.SendAsync(edge, invite, TimeSpan.FromSeconds(4));
            try
            {
                (forwarded, _) = await reachedVendor;
                reachedAt = await at;
            }
            catch (TimeoutException)
            {
                // no INVITE at the vendor: the edge answered (503 while the cluster notices the death), as a phone would retry
                answers.Add(answer is null ? "no answer" : answer[..answer.IndexOf('\r')]);
                Assert.True(answer is null || SipText.StatusCode(answer) == 503, answer);
            }
        }

        Assert.True(forwarded is not null, "never routed after the kill; answers: " + string.Join(" | ", answers));
        output.WriteLine($"the registered phone's INVITE reached the vendor {reachedAt.TotalSeconds:F1} s after kill -9 of the silo holding its binding (answers before: {string.Join(" | ", answers)})");
        // routed without a challenge: the binding was found (a phone without one gets 407); the vendor never sees the phone
        Assert.DoesNotContain(phone.LocalEndPoint.Address.ToString(), forwarded, StringComparison.Ordinal);
        Assert.Null(UdpSipParty.Header(forwarded, "Proxy-Authorization"));
    }
}
