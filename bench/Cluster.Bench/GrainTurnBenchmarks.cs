using System.Net;
using BenchmarkDotNet.Attributes;
using Cluster.Grains;
using StackExchange.Redis;

namespace Cluster.Bench;

/// <summary>
/// Grain turns as an edge runs them: through the grain client, many calls in flight on one
/// multiplexer (pipelined), against plain INCR on the same connection. Needs a redis-server at
/// GRAIN_BENCH_REDIS (bench/grains/run.sh --dotnet starts one and sets it).
/// Run: dotnet run -c Release --project bench/Cluster.Bench -- --filter '*GrainTurn*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class GrainTurnBenchmarks
{
    private const int Batch = 20_000;
    private RedisGrainFactory _grains = null!;
    private ConnectionMultiplexer _plain = null!;
    private IPAddress[] _addresses = null!;
    private long _clock = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [GlobalSetup]
    public void Setup()
    {
        var redis = Environment.GetEnvironmentVariable("GRAIN_BENCH_REDIS") ?? "127.0.0.1:6379";
        _grains = RedisGrainFactory.Connect(redis);
        _plain = ConnectionMultiplexer.Connect(redis);
        _addresses = Enumerable.Range(0, 100_000).Select(i => new IPAddress(new byte[] { 10, (byte)(i >> 16), (byte)(i >> 8), (byte)i })).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _grains.Dispose();
        _plain.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public Task Incr()
    {
        var db = _plain.GetDatabase();
        var tasks = new Task[Batch];
        for (var i = 0; i < Batch; i++)
        {
            tasks[i] = db.StringIncrementAsync($"ctr:{{{i % 100_000}}}");
        }

        return Task.WhenAll(tasks);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public Task SourceIpAdmit()
    {
        // time moves on so buckets refill: most calls are admitted, as in normal traffic
        var now = DateTimeOffset.FromUnixTimeMilliseconds(_clock += 1000);
        var tasks = new Task[Batch];
        for (var i = 0; i < Batch; i++)
        {
            tasks[i] = _grains.GetSourceIpGrain(_addresses[i % _addresses.Length]).AdmitAsync(SipRequestKind.Register, now);
        }

        return Task.WhenAll(tasks);
    }
}
