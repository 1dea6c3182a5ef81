using System.Globalization;
using System.Net;

namespace Cluster.Tests.Clients;

/// <summary>
/// The sockets a client process holds, read from /proc (Linux): its open file descriptors name socket inodes, and
/// /proc/PID/net/{udp,tcp} give each inode's addresses. Lets a test say "the binding's source is this client's own
/// socket" instead of trusting whatever address the client wrote in its Contact.
/// </summary>
public static class ClientSockets
{
    private const string TcpEstablished = "01";

    /// <summary>Local addresses of the process's IPv4 UDP sockets.</summary>
    public static IReadOnlyList<IPEndPoint> Udp(int pid) =>
        [.. Rows(pid, "udp").Select(row => row.Local)];

    /// <summary>The local end of the process's established IPv4 TCP connection to <paramref name="remote"/>.</summary>
    public static IPEndPoint TcpConnectionTo(int pid, IPEndPoint remote)
    {
        var rows = Rows(pid, "tcp").ToList();
        foreach (var (local, peer, state) in rows)
        {
            if (state == TcpEstablished && peer.Equals(remote))
            {
                return local;
            }
        }

        throw new InvalidOperationException(
            $"process {pid} has no established TCP connection to {remote}; its TCP sockets: {string.Join(", ", rows.Select(r => $"{r.Local}->{r.Remote} st {r.State}"))}");
    }

    private static IEnumerable<(IPEndPoint Local, IPEndPoint Remote, string State)> Rows(int pid, string table)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target["socket:[".Length..^1]);
            }
        }

        // Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
        foreach (var line in File.ReadLines($"/proc/{pid}/net/{table}").Skip(1))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length > 9 && inodes.Contains(columns[9]))
            {
                yield return (EndPoint(columns[1]), EndPoint(columns[2]), columns[3]);
            }
        }
    }

    // "0100007F:1F90": the IPv4 address as the kernel's little-endian word, then the port, both hex.
    private static IPEndPoint EndPoint(string hex)
    {
        var colon = hex.IndexOf(':');
        var address = uint.Parse(hex[..colon], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var port = int.Parse(hex[(colon + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new IPEndPoint(new IPAddress(address), port);
    }
}
