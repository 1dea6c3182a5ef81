using Cluster.Grains;
using Cluster.Silo.Hangup;
using Cluster.Silo.Probing;
using Orleans.Configuration;
using Orleans.Hosting;
using StackExchange.Redis;

namespace Cluster.Silo.Hosting;

/// <summary>What the gateway grains need from their silo: the OPTIONS prober, the hang-up sender and reminders.</summary>
internal static class GatewayServices
{
    /// <summary>
    /// Reminders live in Redis, so a gateway grain's safety-net reminder reactivates it on another silo when its own
    /// dies. Gateways are few, so their 10 s reminder (the gateway grain's ReminderPeriod) is cheap: a tick is a
    /// local timer and a grain call, no storage write; Orleans' default minimum of 1 minute would leave a quiet
    /// gateway's overdue calls and probes waiting that long after a silo's death.
    /// </summary>
    public static ISiloBuilder AddGatewayServices(this ISiloBuilder silo, string redis) =>
        silo.UseRedisReminderService(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis))
            .Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(10))
            .ConfigureServices(services =>
            {
                services.AddSingleton<IGatewayProber, GatewayProber>();
                services.AddSingleton<HangupSender>();
                services.AddSingleton<ICallHangup>(sp => sp.GetRequiredService<HangupSender>());
            });
}
