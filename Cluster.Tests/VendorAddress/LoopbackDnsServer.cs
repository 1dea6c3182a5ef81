using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cluster.Tests.VendorAddress;

/// <summary>
/// A name server on 127.0.0.1 for the resolver tests: answers A, AAAA and SRV questions from a table (RFC 1035 §4
/// messages, written by hand), NXDOMAIN for names marked so, NOERROR with no records for anything else, and
/// nothing at all for names marked silent. Counts every question it hears; can hold its answers until released.
/// </summary>
internal sealed class LoopbackDnsServer : IAsyncDisposable
{
    public const ushort A = 1;
    public const ushort Aaaa = 28;
    public const ushort Srv = 33;

    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<(string Name, ushort Type), IReadOnlyList<(uint Ttl, byte[] Data)>> _records = new();
    private readonly ConcurrentDictionary<string, bool> _missing = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _silent = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(string Name, ushort Type)> _heard = new();
    private readonly Task _loop;
    private TaskCompletionSource _released = Released();
    private TaskCompletionSource _heardOne = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoopbackDnsServer() => _loop = ServeAsync(_stop.Token);

    public IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    /// <summary>Every question heard, in order.</summary>
    public IReadOnlyList<(string Name, ushort Type)> Heard => _heard.ToArray();

    /// <summary>Completes when the next question is heard.</summary>
    public Task NextQuestion => Volatile.Read(ref _heardOne).Task;

    public int Count(string name, ushort type) => _heard.Count(q => q.Type == type && string.Equals(q.Name, name, StringComparison.OrdinalIgnoreCase));

    public void AddA(string name, string address, uint ttl = 60) => Add(name, A, ttl, IPAddress.Parse(address).GetAddressBytes());

    public void AddAaaa(string name, string address, uint ttl = 60) => Add(name, Aaaa, ttl, IPAddress.Parse(address).GetAddressBytes());

    public void AddSrv(string name, ushort priority, ushort weight, ushort port, string target, uint ttl = 60)
    {
        var data = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(data, priority);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), weight);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(4), port);
        Add(name, Srv, ttl, [.. data, .. EncodeName(target)]);
    }

    /// <summary>Every question about <paramref name="name"/>, of any type, gets NXDOMAIN.</summary>
    public void Missing(string name) => _missing[name] = true;

    /// <summary>Questions about <paramref name="name"/> are heard and never answered.</summary>
    public void Silent(string name) => _silent[name] = true;

    public void Forget(string name)
    {
        _missing.TryRemove(name, out _);
        _silent.TryRemove(name, out _);
        foreach (var key in _records.Keys.Where(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            _records.TryRemove(key, out _);
        }
    }

    /// <summary>Answers wait until <see cref="Release"/>.</summary>
    public void Hold() => _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _released.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    private void Add(string name, ushort type, uint ttl, byte[] data)
    {
        var key = (name.ToLowerInvariant(), type);
        var existing = _records.TryGetValue(key, out var list) ? list : [];
        _records[key] = [.. existing, (ttl, data)];
    }

    private async Task ServeAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            UdpReceiveResult datagram;
            try
            {
                datagram = await _socket.ReceiveAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (!TryReadQuestion(datagram.Buffer, out var name, out var type, out var questionEnd))
            {
                continue;
            }

            _heard.Enqueue((name, type));
            Interlocked.Exchange(ref _heardOne, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            if (_silent.ContainsKey(name))
            {
                continue;
            }

            _ = AnswerAsync(datagram.Buffer, questionEnd, name, type, datagram.RemoteEndPoint);
        }
    }

    private async Task AnswerAsync(byte[] query, int questionEnd, string name, ushort type, IPEndPoint to)
    {
        await _released.Task;
        var missing = _missing.ContainsKey(name);
        var records = !missing && _records.TryGetValue((name.ToLowerInvariant(), type), out var found) ? found : [];
        var answer = new List<byte>(512);
        answer.AddRange(query.AsSpan(0, 2).ToArray()); // the query's id
        answer.AddRange([0x81, (byte)(0x80 | (missing ? 3 : 0))]); // QR, RD, RA; RCODE 3 = NXDOMAIN
        answer.AddRange([0, 1]); // QDCOUNT
        answer.AddRange([(byte)(records.Count >> 8), (byte)records.Count]); // ANCOUNT
        answer.AddRange([0, 0, 0, 0]); // NSCOUNT, ARCOUNT
        answer.AddRange(query.AsSpan(12, questionEnd - 12).ToArray()); // the question as asked
        foreach (var (ttl, data) in records)
        {
            answer.AddRange([0xC0, 12]); // owner: a pointer to the question's name
            answer.AddRange([(byte)(type >> 8), (byte)type, 0, 1]); // TYPE, CLASS IN
            answer.AddRange([(byte)(ttl >> 24), (byte)(ttl >> 16), (byte)(ttl >> 8), (byte)ttl]);
            answer.AddRange([(byte)(data.Length >> 8), (byte)data.Length]);
            answer.AddRange(data);
        }

        try
        {
            await _socket.SendAsync(answer.ToArray(), to);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
        }
    }

    private static bool TryReadQuestion(byte[] query, out string name, out ushort type, out int end)
    {
        (name, type, end) = (string.Empty, 0, 0);
        if (query.Length < 17 || BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(4)) != 1)
        {
            return false;
        }

        var labels = new List<string>();
        var at = 12;
        while (at < query.Length && query[at] != 0)
        {
            var length = query[at];
            if (length > 63 || at + 1 + length >= query.Length)
            {
                return false;
            }

            labels.Add(Encoding.ASCII.GetString(query, at + 1, length));
            at += 1 + length;
        }

        if (at + 5 > query.Length)
        {
            return false;
        }

        name = string.Join('.', labels).ToLowerInvariant();
        type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(at + 1));
        end = at + 5;
        return true;
    }

    private static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }
}
