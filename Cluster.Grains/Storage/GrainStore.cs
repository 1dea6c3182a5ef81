using StackExchange.Redis;

namespace Cluster.Grains.Storage;

/// <summary>
/// Where grains put what a silo's death must not lose: compact values written straight to Redis with
/// StackExchange.Redis before a grain answers (the stock Orleans Redis provider costs ~50 µs of silo CPU per
/// write and stores CLR type names). One multiplexer per silo, created with abortConnect=false so it
/// reconnects by itself; every call has a deadline, and a missing Redis becomes
/// <see cref="GrainUnavailableException"/>, which the edge answers with 503.
/// </summary>
public sealed class GrainStore : IDisposable
{
    private readonly ConnectionMultiplexer _mux;
    private readonly TimeSpan _callTimeout;

    private GrainStore(ConnectionMultiplexer mux, TimeSpan callTimeout)
    {
        _mux = mux;
        _callTimeout = callTimeout;
    }

    public static GrainStore Connect(string configuration, string clientName = "silo", TimeSpan? callTimeout = null)
    {
        var timeout = callTimeout ?? TimeSpan.FromSeconds(2);
        var config = ConfigurationOptions.Parse(configuration);
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = (int)timeout.TotalMilliseconds;
        config.SyncTimeout = (int)timeout.TotalMilliseconds;
        config.AsyncTimeout = (int)timeout.TotalMilliseconds;
        config.ConnectRetry = 1;
        config.KeepAlive = 5;
        config.ClientName ??= clientName;
        return new GrainStore(ConnectionMultiplexer.Connect(config), timeout);
    }

    public bool IsConnected => _mux.IsConnected;

    /// <summary>For storage code and silo plumbing (pub/sub); grains go through <see cref="RunAsync{T}"/>.</summary>
    public IConnectionMultiplexer Multiplexer => _mux;

    /// <summary>Runs one storage operation with the deadline; <paramref name="key"/> names the grain in errors.</summary>
    public async Task<T> RunAsync<T>(string key, Func<IDatabase, Task<T>> operation)
    {
        try
        {
            return await operation(_mux.GetDatabase()).WaitAsync(_callTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new GrainUnavailableException(key, "Redis is unavailable: " + e.Message);
        }
    }

    public Task RunAsync(string key, Func<IDatabase, Task> operation) =>
        RunAsync(key, async db =>
        {
            await operation(db).ConfigureAwait(false);
            return true;
        });

    /// <summary>Publishes on a Redis channel; false when Redis is away.</summary>
    public async Task<bool> TryPublishAsync(string channel, string message)
    {
        try
        {
            await _mux.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), message).WaitAsync(_callTimeout).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            return false;
        }
    }

    private static bool IsUnavailable(Exception e) =>
        e is RedisConnectionException or RedisTimeoutException or TimeoutException or ObjectDisposedException
        || (e is RedisServerException s && (s.Message.StartsWith("LOADING", StringComparison.Ordinal)
                                           || s.Message.StartsWith("READONLY", StringComparison.Ordinal)
                                           || s.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)));

    public void Dispose() => _mux.Dispose();
}
