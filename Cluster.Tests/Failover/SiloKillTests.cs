using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Cluster.Grains;
using Cluster.Tests.EndToEnd;
using Cluster.Tests.Registrar;
using Xunit.Abstractions;

namespace Cluster.Tests.Failover;

/// <summary>
/// A silo process killed with SIGKILL (no goodbye to the cluster) loses nothing that matters: registrations,
/// suspensions and blocks made through it are served by the other silo, read back from Redis, within seconds.
/// </summary>
public sealed class SiloKillTests(TwoSiloCluster cluster, ITestOutputHelper output) : IClassFixture<TwoSiloCluster>
{
    private const int Accounts = 24;
    private const int Blocks = 24;
    private const int Suspended = 3;

    [Fact]
    public async Task Registrations_suspensions_and_blocks_survive_the_kill_of_a_silo_and_are_served_again_within_seconds()
    {
        // registrations through edge 1, each from its own address (REGISTER budget is per source)
        for (var i = 0; i < Accounts; i++)
        {
            using var phone = new Phone($"127.0.0.{101 + i}");
            var answer = await phone.RegisterAsync(cluster.FirstEdge.Udp, $"{3000 + i}", "secret");
            Assert.True(answer is not null && SipText.StatusCode(answer) == 200, $"account {3000 + i}: {answer}");
        }

        // suspensions: SS_ENDPOINTREGISTERRETRY (6) wrong passwords, from the trusted 127.0.0.1 so no address is blocked
        using (var attacker = new Phone("127.0.0.1"))
        {
            for (var s = 0; s < Suspended; s++)
            {
                for (var attempt = 0; attempt < 6; attempt++)
                {
                    await attacker.RegisterAsync(cluster.SecondEdge.Udp, $"{3900 + s}", "wrong");
                }
            }
        }

        // blocks made by an operator through the silo that will survive
        using var admin = new HttpClient { BaseAddress = cluster.Second.Admin, Timeout = TimeSpan.FromSeconds(10) };
        for (var b = 0; b < Blocks; b++)
        {
            var response = await admin.PostAsync($"/api/ips/198.51.100.{10 + b}/block?seconds=3600", null);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        await AssertAllThereAsync(TimeSpan.FromSeconds(10));

        // a quarter of the shards or more lived on the first silo: with 24 of each, some surely did
        var killed = Stopwatch.StartNew();
        cluster.First.Kill();
        var served = await AssertAllThereAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"every registration, suspension and block served again {served.TotalSeconds:F1} s after kill -9 of a silo");
        Assert.InRange(killed.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));

        // and the edges still register through the survivor
        using var late = new Phone("127.0.0.200");
        var again = await late.RegisterAsync(cluster.SecondEdge.Udp, "3500", "secret");
        Assert.True(again is not null && SipText.StatusCode(again) == 200, again);
    }

    /// <summary>
    /// Reads every account, suspension and block until all are as made (a read that finds no silo yet throws
    /// GrainUnavailableException and is tried again); returns how long that took. This loop is the measurement of
    /// failover time, bounded by <paramref name="within"/>.
    /// </summary>
    private async Task<TimeSpan> AssertAllThereAsync(TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        string missing = "nothing read yet";
        while (watch.Elapsed < within)
        {
            try
            {
                missing = await MissingAsync();
                if (missing.Length == 0)
                {
                    return watch.Elapsed;
                }
            }
            catch (GrainUnavailableException e)
            {
                // the read itself waited for its answer or its deadline: that is the pace of this loop
                missing = e.Message;
            }
        }

        throw new Xunit.Sdk.XunitException($"after {within.TotalSeconds} s still missing: {missing}");
    }

    private async Task<string> MissingAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var grains = cluster.Client.Grains;
        for (var i = 0; i < Accounts; i++)
        {
            var state = await grains.GetEndpointGrain($"{3000 + i}").GetAsync(now);
            if (state.Bindings.Count != 1)
            {
                return $"account {3000 + i} has {state.Bindings.Count} bindings";
            }
        }

        for (var s = 0; s < Suspended; s++)
        {
            if (!(await grains.GetEndpointGrain($"{3900 + s}").GetAsync(now)).Suspended)
            {
                return $"account {3900 + s} is not suspended";
            }
        }

        for (var b = 0; b < Blocks; b++)
        {
            if (!(await grains.GetSourceIpGrain(IPAddress.Parse($"198.51.100.{10 + b}")).GetAsync(now)).Blocked)
            {
                return $"198.51.100.{10 + b} is not blocked";
            }
        }

        return string.Empty;
    }
}
