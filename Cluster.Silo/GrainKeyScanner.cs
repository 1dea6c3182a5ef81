using Cluster.Grains;
using StackExchange.Redis;

namespace Cluster.Silo;

/// <summary>
/// Lists grain identities (source IPs and endpoints are asked of their shard grains instead) with SCAN on every primary, up to a
/// bound, for ops listings and the census behind /metrics. It has its own connection: the grain
/// client exposes turns only, and a long SCAN must not queue behind (or in front of) grain turns.
/// </summary>
internal sealed class GrainKeyScanner(SiloOptions options) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _mux = new(() =>
    {
        var config = ConfigurationOptions.Parse(options.Redis);
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = 2000;
        config.SyncTimeout = 2000;
        config.ClientName = "silo-scan";
        return ConnectionMultiplexer.Connect(config);
    });

    /// <summary>
    /// Identities of grains whose key is <c>PREFIX:{ID}</c>, at most <paramref name="max"/>; <c>Truncated</c>
    /// says there were more. Throws <see cref="GrainUnavailableException"/> when Redis is away.
    /// </summary>
    public Task<(List<string> Ids, bool Truncated)> ScanAsync(string prefix, int max) => Task.Run(() =>
    {
        var ids = new List<string>();
        var head = prefix + ":{";
        try
        {
            var mux = _mux.Value;
            if (!mux.IsConnected)
            {
                throw new GrainUnavailableException(head + "*}", "not connected");
            }

            foreach (var endpoint in mux.GetEndPoints())
            {
                var server = mux.GetServer(endpoint);
                if (!server.IsConnected || server.IsReplica)
                {
                    continue;
                }

                foreach (var key in server.Keys(0, head + "*}", 500))
                {
                    var text = (string)key!;
                    if (!text.StartsWith(head, StringComparison.Ordinal) || !text.EndsWith('}'))
                    {
                        continue;
                    }

                    if (ids.Count == max)
                    {
                        return (ids, true);
                    }

                    ids.Add(text[head.Length..^1]);
                }
            }

            return (ids, false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new GrainUnavailableException(head + "*}", e.Message, e);
        }
    });

    public void Dispose()
    {
        if (_mux.IsValueCreated)
        {
            _mux.Value.Dispose();
        }
    }
}
