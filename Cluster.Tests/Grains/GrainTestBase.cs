using System.Net;
using Cluster.Grains;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Grains;

/// <summary>One redis-server per test class (xunit runs classes in parallel); a factory per test.</summary>
public abstract class GrainTestBase : IClassFixture<RedisServer>, IDisposable
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static int _nextAddress;

    protected GrainTestBase(RedisServer redis)
    {
        Redis = redis;
        Factory = RedisGrainFactory.Connect(redis.Configuration);
    }

    protected RedisServer Redis { get; }

    protected RedisGrainFactory Factory { get; }

    /// <summary>A source address no other test uses, so tests share one server without interfering.</summary>
    protected static IPAddress FreshAddress()
    {
        var n = Interlocked.Increment(ref _nextAddress);
        return new IPAddress(new byte[] { 198, 51, (byte)(n / 250), (byte)(n % 250 + 1) });
    }

    protected static string FreshName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    protected long PttlMs(string key) => long.Parse(Redis.Command("PTTL", key).Trim(':', '\r', '\n'));

    public void Dispose() => Factory.Dispose();
}
