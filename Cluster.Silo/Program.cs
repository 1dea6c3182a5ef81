using Cluster.Grains.Changes;
using Cluster.Grains;
using Cluster.Grains.Provisioning;
using Cluster.Grains.Hosting;
using Cluster.Silo;
using Cluster.Silo.Cdrs;
using Cluster.Silo.Hosting;
using Cluster.Grains.Memory;
using Orleans.Dashboard;

// Exit codes: 0 normal stop, 2 bad command line, bad provisioning file or a --cdr-dir the silo cannot write.
var options = SiloCommandLine.Parse(args, out var error, Environment.GetEnvironmentVariable(SiloOptions.TokenVariable));
if (options is null)
{
    if (error is null)
    {
        Console.WriteLine(SiloOptions.Usage);
        return 0;
    }

    Console.Error.WriteLine($"Cluster.Silo: {error}");
    Console.Error.WriteLine(SiloOptions.Usage);
    return 2;
}

// The CDR directory is checked before anything starts: a silo that could not write its CDR files would leave them in Redis.
if (CdrDirectory.Prepare(options.CdrDirectory, out var cdrError) is not { } cdrDirectory)
{
    Console.Error.WriteLine($"Cluster.Silo: {cdrError}");
    return 2;
}

options = options with { CdrDirectory = cdrDirectory };

ProvisioningDocument provisioning;
try
{
    provisioning = ProvisioningLoader.LoadFile(options.ConfigPath);
}
catch (ProvisioningException e)
{
    Console.Error.WriteLine($"Cluster.Silo: bad config {options.ConfigPath}: {e.Message}");
    return 2;
}

// Connecting never fails: abortConnect=false keeps retrying. The Lua host runs the grain kinds not moved to
// Orleans yet; the Orleans silo needs Redis for membership, so the silo waits for it before joining.
using var clusterRedis = ClusterRedis.Connect(options.Redis, provisioning.ToGrainPolicy(), new() { ClientName = "silo" });
var state = new SiloState(provisioning);
var grainPolicy = new GrainPolicySource(provisioning.ToGrainPolicy());

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls(options.Admin.GetLeftPart(UriPartial.Authority));
builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
builder.Logging.AddEdgeStyleConsole();
builder.UseOrleans(silo =>
{
    SiloHosting.Configure(silo, options.Redis, options.Advertise, options.SiloPort, options.GatewayPort, grainPolicy);
    silo.AddDashboard();
});
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(state);
builder.Services.AddSingleton(clusterRedis);
builder.Services.AddSingleton(sp => new ClusterChangesChannel(sp.GetRequiredService<IGrainFactory>()));
builder.Services.AddSingleton<SiloPolicy>();
builder.Services.AddSingleton<IClusterGrains>(sp => new ClusterGrains(sp.GetRequiredService<IGrainFactory>(), clusterRedis));
builder.Services.AddSingleton<ClusterCensus>();
builder.Services.AddSingleton<AdminAccess>();
builder.Services.AddSingleton<AdminAudit>();
builder.Services.AddHostedService<ProvisioningFollower>();

builder.Services.AddHostedService<LeaseSweepReminder>();
builder.Services.AddHostedService<IdleHeapTrimmer>();
builder.Services.AddHostedService<CdrCsvExport>();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
    o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
});

var app = builder.Build();
var redisLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Cluster.Silo.Redis");
clusterRedis.Host.ConnectionLost += reason => SiloLog.RedisLost(redisLog, reason);
clusterRedis.Host.ConnectionRestored += () => SiloLog.RedisRestored(redisLog);
if (!clusterRedis.Host.IsConnected)
{
    SiloLog.RedisLost(redisLog, "not reachable at start");
    await SiloStartup.WaitForRedisAsync(clusterRedis.Host, options.Redis, redisLog);
}

AdminApi.Map(app);
try
{
    await app.StartAsync();
}
catch (IOException e)
{
    Console.Error.WriteLine($"Cluster.Silo: cannot listen on {options.Admin}: {e.Message}");
    return 1;
}
catch (Exception e) when (e.GetType().Namespace?.StartsWith("Orleans", StringComparison.Ordinal) == true
                          || e is System.Net.Sockets.SocketException)
{
    // a port in use, or a cluster that would not let this silo join: say which and stop, k8s restarts us
    Console.Error.WriteLine($"Cluster.Silo: cannot join the cluster (silo port {options.SiloPort}, gateway port {options.GatewayPort}, advertise {options.Advertise}): {e.Message}");
    return 1;
}

var protection = (options.AdminToken is null ? "token=none" : "token=set") + (options.AdminAllow.Count == 0 ? " allow=any" : $" allow={string.Join(',', options.AdminAllow)}");
Console.WriteLine($"silo ready admin={options.Admin.GetLeftPart(UriPartial.Authority)} redis={options.Redis} config={options.ConfigPath} " +
                  $"silo={options.Advertise}:{options.SiloPort} gateway={options.GatewayPort} {protection}");
await app.WaitForShutdownAsync();
return 0;
