using System.Collections.Concurrent;
using System.Net;

namespace Cluster.Edge.Transport;

/// <summary>
/// Counts open connections in total and per source address (like iptables connlimit) without a lock.
/// An address's entry is removed when its last connection closes, so the map holds only live peers.
/// </summary>
internal sealed class ConnectionLimiter(int maxTotal, int maxPerAddress)
{
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private int _total;

    public enum Verdict
    {
        Admitted,
        TotalLimit,
        PerAddressLimit,
    }

    public int Total => Volatile.Read(ref _total);

    public Verdict TryAcquire(IPAddress address)
    {
        if (Interlocked.Increment(ref _total) > maxTotal)
        {
            Interlocked.Decrement(ref _total);
            return Verdict.TotalLimit;
        }

        while (true)
        {
            if (_perAddress.TryGetValue(address, out var count))
            {
                if (count >= maxPerAddress)
                {
                    Interlocked.Decrement(ref _total);
                    return Verdict.PerAddressLimit;
                }

                if (_perAddress.TryUpdate(address, count + 1, count))
                {
                    return Verdict.Admitted;
                }
            }
            else if (_perAddress.TryAdd(address, 1))
            {
                return Verdict.Admitted;
            }
        }
    }

    public void Release(IPAddress address)
    {
        while (true)
        {
            if (!_perAddress.TryGetValue(address, out var count))
            {
                break;
            }

            if (count <= 1
                ? _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(address, count))
                : _perAddress.TryUpdate(address, count - 1, count))
            {
                break;
            }
        }

        Interlocked.Decrement(ref _total);
    }
}
