using StackExchange.Redis;

namespace Cluster.Grains.Hosting;

/// <summary>
/// A process's own Redis connection (besides the silo's grain storage and Orleans' membership): it reads the
/// published provisioning and tells when Redis was lost and when it answers again, for the logs operators grep.
/// The multiplexer is created with abortConnect=false and reconnects by itself.
/// </summary>
public sealed class GrainHostClient : IDisposable
{
    private readonly ConnectionMultiplexer _mux;
    private readonly GrainClientOptions _options;
    // How often an outage watcher tries a turn when the multiplexer has nothing to report: its own heartbeat.
    private static readonly TimeSpan s_outageProbeInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _connectionNews = new(0);
    private int _lost;
    private volatile bool _disposed;

    private GrainHostClient(ConnectionMultiplexer mux, GrainClientOptions options)
    {
        _mux = mux;
        _options = options;
    }

    public bool IsConnected => _mux.IsConnected;

    /// <summary>
    /// Raised once when the connection to Redis is lost, with the failure type (SocketClosed, UnableToConnect...):
    /// grain turns fail with <see cref="GrainUnavailableException"/> until <see cref="ConnectionRestored"/>.
    /// Handlers must return quickly: they run on the client's event thread or inside a grain call.
    /// </summary>
    public event Action<string>? ConnectionLost;

    /// <summary>
    /// Raised once when grain turns run again after <see cref="ConnectionLost"/>, or after a start while Redis was
    /// not reachable (<see cref="IsConnected"/> false right after <see cref="Connect"/>).
    /// </summary>
    public event Action? ConnectionRestored;

    /// <summary>The underlying connection, for silo plumbing (locks, pub/sub); grain callers never need it.</summary>
    public ConnectionMultiplexer Multiplexer => _mux;

    /// <summary>
    /// Connects (returning even when Redis is not up yet) and loads the scripts on every
    /// reachable server. <paramref name="configuration"/> is a StackExchange.Redis string, e.g. <c>127.0.0.1:6379</c>.
    /// </summary>
    public static GrainHostClient Connect(string configuration, GrainClientOptions? options = null)
    {
        options ??= new GrainClientOptions();
        var config = ConfigurationOptions.Parse(configuration);
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
        config.SyncTimeout = (int)options.CallTimeout.TotalMilliseconds;
        config.ConnectRetry = 1;
        config.KeepAlive = 5;
        config.ClientName ??= options.ClientName;
        var mux = ConnectionMultiplexer.Connect(config);

        var client = new GrainHostClient(mux, options);
        client.FollowConnection();
        if (!mux.IsConnected)
        {
            // failed before anyone could subscribe: callers see IsConnected false, and hear when it is back
            client.OnLost(null);
        }

        return client;
    }

    // 1.2.6 reports the command connection back (ConnectionRestored) before it routes commands to the server again:
    // it re-reads the server's role first, and a turn run in between still fails with "No connection is available".
    // Its events may also come in another order than the socket saw them, and a reachable Redis may still be loading
    // its AOF. So during an outage a watcher runs a one-line turn at each of the multiplexer's events, and at the
    // latest once a second, until one succeeds; any grain turn that succeeds ends the outage as well.
    private void FollowConnection()
    {
        _mux.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                OnLost(e.FailureType.ToString());
            }
        };
        _mux.ConnectionRestored += (_, _) => _connectionNews.Release();
        _mux.ConfigurationChanged += (_, _) => _connectionNews.Release();
    }

    /// <summary>Starts an outage, once; <paramref name="reason"/> is null at start, when nobody listens yet.</summary>
    private void OnLost(string? reason)
    {
        if (Interlocked.Exchange(ref _lost, 1) == 0)
        {
            if (reason is not null)
            {
                ConnectionLost?.Invoke(reason);
            }

            _ = WatchOutageAsync();
        }
    }

    private async Task WatchOutageAsync()
    {
        // news from before the outage says nothing about its end
        while (_connectionNews.Wait(0))
        {
        }

        while (Volatile.Read(ref _lost) == 1 && !_disposed)
        {
            await _connectionNews.WaitAsync(s_outageProbeInterval).ConfigureAwait(false);
            try
            {
                await _mux.GetDatabase().PingAsync().WaitAsync(_options.CallTimeout).ConfigureAwait(false);
                OnTurnsRunAgain();
            }
            catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
            {
                // not yet
            }
        }
    }

    private void OnTurnsRunAgain()
    {
        if (Interlocked.Exchange(ref _lost, 0) == 1)
        {
            ConnectionRestored?.Invoke();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _connectionNews.Release(); // ends an outage watcher
        _mux.Dispose();
    }
}
