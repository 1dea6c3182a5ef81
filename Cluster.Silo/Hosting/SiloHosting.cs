using System.Net;
using Cluster.Grains;
using Cluster.Grains.Connection;
using Cluster.Grains.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Cluster.Silo.Hosting;

/// <summary>
/// How a silo joins the cluster: Redis membership, its endpoints, failure detection tuned for a softswitch, and
/// the services its grains need. Shared by <c>Program</c> and the tests' TestingHost silos, so both run the same silo.
/// </summary>
internal static class SiloHosting
{
    /// <summary>
    /// Failure detection. Orleans' defaults (probe timeout 5 s, 3 missed probes, table refresh 60 s) left a killed
    /// silo's grains unreachable for 14–18 s here: every SIP retransmission budget is spent by then. A probe every
    /// second that is missed twice declares a silo dead in about 2 s on a LAN; table refresh at 2 s brings the news
    /// to silos that did not vote. Faster would declare silos dead during a GC pause.
    /// </summary>
    public static void TuneMembership(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        o.DefunctSiloExpiration = TimeSpan.FromHours(1);
        o.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);
    }

    /// <summary>This silo's identity and endpoints (the process); tests' silos get theirs from TestingHost.</summary>
    public static void Configure(ISiloBuilder silo, string redis, IPAddress advertise, int siloPort, int gatewayPort, GrainPolicySource policy)
    {
        silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterIdentity.ClusterId;
                o.ServiceId = ClusterIdentity.ServiceId;
            })
            .ConfigureEndpoints(advertise, siloPort, gatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertise));
        ConfigureCluster(silo, redis, policy);
    }

    /// <summary>What every silo of the cluster shares: Redis membership, failure detection, the grains' services.</summary>
    public static void ConfigureCluster(ISiloBuilder silo, string redis, GrainPolicySource policy)
    {
        silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis))
            .Configure<ClusterMembershipOptions>(TuneMembership)
            .Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5))
            .AddGatewayServices(redis)
            .ConfigureServices(services =>
            {
                services.AddSingleton(_ => GrainStore.Connect(redis, "silo"));
                services.AddSingleton<IChangeAnnouncer, HubChangeAnnouncer>();
                services.AddSingleton(policy);
                services.TryAddSingleton(TimeProvider.System);
                services.AddSingleton<GrainCallDeadline>();
                services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<GrainCallDeadline>());
            });
    }
}
