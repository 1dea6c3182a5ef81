using Cluster.Grains;
using Cluster.Grains.Provisioning;
using Cluster.Silo;

// Exit codes: 0 normal stop, 2 bad command line or bad provisioning file.
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

// Connecting never fails: abortConnect=false keeps retrying, and the reminder writes the
// provisioning as soon as Redis answers.
using var grains = RedisGrainFactory.Connect(options.Redis, provisioning.ToGrainPolicy(), new() { ClientName = "silo" });
var state = new SiloState(provisioning);

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls(options.Admin.GetLeftPart(UriPartial.Authority));
builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning);
builder.Logging.AddEdgeStyleConsole();
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(state);
builder.Services.AddSingleton(grains);
builder.Services.AddSingleton<IGrainFactory>(grains);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<GrainKeyScanner>();
builder.Services.AddSingleton<ClusterCensus>();
builder.Services.AddSingleton<AdminAccess>();
builder.Services.AddSingleton<AdminAudit>();
builder.Services.AddHostedService<LeaseSweepReminder>();
builder.Services.AddHostedService<Cluster.Silo.Probing.GatewayProber>();
builder.Services.AddHostedService<Cluster.Silo.Hangup.MaxDurationReminder>();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
    o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
});

var app = builder.Build();
var redisLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Cluster.Silo.Redis");
grains.Host.ConnectionLost += reason => SiloLog.RedisLost(redisLog, reason);
grains.Host.ConnectionRestored += () => SiloLog.RedisRestored(redisLog);
if (!grains.Host.IsConnected)
{
    SiloLog.RedisLost(redisLog, "not reachable at start");
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

var protection = (options.AdminToken is null ? "token=none" : "token=set") + (options.AdminAllow.Count == 0 ? " allow=any" : $" allow={string.Join(',', options.AdminAllow)}");
Console.WriteLine($"silo ready admin={options.Admin.GetLeftPart(UriPartial.Authority)} redis={options.Redis} config={options.ConfigPath} {protection}");
await app.WaitForShutdownAsync();
return 0;
