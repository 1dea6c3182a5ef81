using Cluster.Grains.Cdr;
using Cluster.Tests.Admin;
using Cluster.Tests.Grains;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Silo;
using StackExchange.Redis;

namespace Cluster.Tests.Cdrs;

/// <summary>
/// A real redis-server and a real silo process (bench/bench.yaml, admin on loopback without a token) writing its CDR
/// files to a directory of its own. The silo port is chosen here, so the silo's CDR writer name is known before it starts.
/// </summary>
public class CdrCluster : IAsyncLifetime
{
    public static readonly TimeSpan FileTimeout = TimeSpan.FromSeconds(20);

    public RedisServer Redis { get; } = new();

    public SiloProcess Silo { get; private set; } = null!;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "cdr-test-" + Guid.NewGuid().ToString("N")[..12]);

    public int SiloPort { get; } = SiloProcess.FreePort();

    /// <summary>The silo's consumer in the stream's group.</summary>
    public string Writer => $"127.0.0.1:{SiloPort}";

    /// <summary>The silo part of its file names.</summary>
    public string FileLabel => $"127.0.0.1-{SiloPort}";

    public ConnectionMultiplexer Mux { get; private set; } = null!;

    public IDatabase Db => Mux.GetDatabase();

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        Mux = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        await BeforeSiloAsync();
        Silo = await AdminSilo.StartAsync(
            "--config", ProvisioningTests.RepoFile("bench/bench.yaml"), "--redis", Redis.Configuration, "--cdr-dir", Directory,
            "--silo-port", SiloPort.ToString(), "--gateway-port", SiloProcess.FreePort().ToString());
        Http = new HttpClient { BaseAddress = Silo.Admin, Timeout = TimeSpan.FromSeconds(10) };
        await AfterSiloAsync();
    }

    /// <summary>Runs before the silo starts (the stream as a crashed silo left it).</summary>
    protected virtual Task BeforeSiloAsync() => Task.CompletedTask;

    protected virtual Task AfterSiloAsync() => Task.CompletedTask;

    public string FilePath(DateTimeOffset endedAt) =>
        Path.Combine(Directory, $"cdr-{endedAt.UtcDateTime:yyyyMMdd-HH}.{FileLabel}.csv");

    /// <summary>The parsed rows of one file (header first), read while the silo may be writing it.</summary>
    public static List<string[]> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return Rfc4180.Parse(reader.ReadToEnd());
    }

    /// <summary>Awaits the row of <paramref name="callId"/> in <paramref name="path"/> and returns the whole file.</summary>
    public async Task<List<string[]>> WaitForRowAsync(string path, string callId)
    {
        List<string[]> rows = [];
        await FileWatch.UntilAsync(Directory, () => File.Exists(path) && (rows = Read(path)).Any(r => r[0] == callId), FileTimeout,
            $"the row of {callId} in {Path.GetFileName(path)}");
        return rows;
    }

    /// <summary>Runs Cluster.Admin against this silo.</summary>
    public Task<AdminProcess.Result> AdminAsync(params string[] args) =>
        AdminProcess.RunAsync(null, ["--silo", Silo.Admin.ToString(), .. args]);

    public static string Id(long ms) => $"{ms}-0";

    public Task DisposeAsync()
    {
        Http?.Dispose();
        Silo?.Dispose();
        Mux?.Dispose();
        Redis.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// What a silo that crashed between writing and acknowledging leaves: the group exists and an entry was delivered
    /// to this silo's consumer, never acknowledged.
    /// </summary>
    protected async Task LeavePendingAsync(CallDetailRecord record)
    {
        await Db.StreamCreateConsumerGroupAsync(CdrStream.Key, CdrStream.CsvGroup, "0-0", createStream: true);
        CdrSamples.Add(Db, record);
        var delivered = await Db.StreamReadGroupAsync(CdrStream.Key, CdrStream.CsvGroup, Writer, StreamPosition.NewMessages, 10);
        Assert.Single(delivered);
    }
}
