using System.Collections.Concurrent;

namespace Cluster.Edge.Transactions;

/// <summary>
/// Remembers server transactions so that a retransmitted request gets the stored final response
/// again without re-running any logic (RFC 3261 §17.2: Timer J for non-INVITE, Timer H/I for INVITE,
/// both 64·T1 = 32 s on UDP). Bounded: when full, the oldest transaction is forgotten first, so a flood
/// costs at most <c>capacity</c> entries. Time is passed in (ms) so tests drive it.
/// </summary>
public sealed class ServerTransactionStore
{
    /// <summary>64·T1: how long a completed transaction absorbs retransmissions on UDP.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(32);

    // Rough managed size of one entry beside its key and response: the entry object, the dictionary
    // node and the queue slot. Used only for the bytes gauge; the benchmark measures the real figure.
    private const int EntryOverheadBytes = 160;

    private readonly ConcurrentDictionary<byte[], ServerTransaction> _byKey = new(KeyComparer.Instance);
    private readonly ConcurrentDictionary<byte[], ServerTransaction>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private readonly ConcurrentQueue<ServerTransaction> _oldestFirst = new();
    private readonly int _capacity;
    private readonly long _lifetimeMs;
    private int _count;
    private long _bytes;

    public ServerTransactionStore(int capacity, TimeSpan? lifetime = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _lifetimeMs = (long)(lifetime ?? DefaultLifetime).TotalMilliseconds;
        _bySpan = _byKey.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Approximate managed bytes held by stored transactions (keys, responses, bookkeeping).</summary>
    public long ApproximateBytes => Volatile.Read(ref _bytes);

    /// <summary>
    /// Looks the request up, and on first sighting records it as in progress.
    /// <paramref name="storedResponse"/> is set when the result is <see cref="TransactionLookup.Completed"/>.
    /// </summary>
    public TransactionLookup Begin(ReadOnlySpan<byte> key, long nowMs, out byte[]? storedResponse)
    {
        storedResponse = null;
        if (_bySpan.TryGetValue(key, out var existing) && existing.ExpiresAtMs > nowMs)
        {
            storedResponse = existing.FinalResponse;
            return storedResponse is null ? TransactionLookup.InProgress : TransactionLookup.Completed;
        }

        Sweep(nowMs);
        var transaction = new ServerTransaction(key.ToArray(), nowMs + _lifetimeMs);
        var winner = _byKey.AddOrUpdate(
            transaction.Key,
            transaction,
            (_, current) => current.ExpiresAtMs > nowMs ? current : transaction);
        if (!ReferenceEquals(winner, transaction))
        {
            // Another receive loop took the same retransmission a moment earlier.
            storedResponse = winner.FinalResponse;
            return storedResponse is null ? TransactionLookup.InProgress : TransactionLookup.Completed;
        }

        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _bytes, transaction.Key.Length + EntryOverheadBytes);
        _oldestFirst.Enqueue(transaction);
        return TransactionLookup.New;
    }

    /// <summary>Stores the final response; retransmissions within the lifetime get these bytes.</summary>
    public void Complete(ReadOnlySpan<byte> key, ReadOnlySpan<byte> finalResponse, long nowMs)
    {
        if (!_bySpan.TryGetValue(key, out var transaction) || transaction.FinalResponse is not null)
        {
            return;
        }

        transaction.FinalResponse = finalResponse.ToArray();
        transaction.ExpiresAtMs = nowMs + _lifetimeMs;
        Interlocked.Add(ref _bytes, finalResponse.Length);
    }

    /// <summary>
    /// Finishes a transaction without an answer: retransmissions within the lifetime are absorbed in
    /// silence (they get <see cref="TransactionLookup.Completed"/> with an empty response).
    /// </summary>
    public void CompleteSilently(ReadOnlySpan<byte> key, long nowMs) => Complete(key, [], nowMs);

    /// <summary>Forgets a transaction at once (reliable transports need no retransmission memory).</summary>
    public void Forget(ReadOnlySpan<byte> key)
    {
        if (_bySpan.TryRemove(key, out var actualKey, out var transaction))
        {
            _ = actualKey;
            Release(transaction);
        }
    }

    /// <summary>
    /// An ACK arrived for an INVITE transaction: true when it acknowledges a non-2xx final response we sent
    /// (the ACK is then absorbed, RFC 3261 §17.2.1); false when there is no such transaction.
    /// </summary>
    public bool AbsorbAck(ReadOnlySpan<byte> inviteKey, long nowMs)
    {
        if (!_bySpan.TryGetValue(inviteKey, out var transaction) || transaction.ExpiresAtMs <= nowMs || transaction.FinalResponse is null)
        {
            return false;
        }

        transaction.Confirmed = true;
        return true;
    }

    /// <summary>Drops expired transactions from the oldest end; when over capacity, drops the oldest live ones too.</summary>
    public void Sweep(long nowMs)
    {
        while (_oldestFirst.TryPeek(out var oldest))
        {
            var expired = oldest.ExpiresAtMs <= nowMs;
            if (!expired && Volatile.Read(ref _count) < _capacity)
            {
                return;
            }

            if (!_oldestFirst.TryDequeue(out oldest))
            {
                return;
            }

            // Only remove the entry if the dictionary still maps the key to this very transaction;
            // a newer transaction with the same key has its own queue slot.
            if (_byKey.TryRemove(KeyValuePair.Create(oldest.Key, oldest)))
            {
                Release(oldest);
            }
        }
    }

    private void Release(ServerTransaction transaction)
    {
        Interlocked.Decrement(ref _count);
        Interlocked.Add(ref _bytes, -(transaction.Key.Length + EntryOverheadBytes + (transaction.FinalResponse?.Length ?? 0)));
    }

    private sealed class KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] key) => Hash(key);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        // HashCode is seeded per process, so an attacker cannot precompute colliding branches.
        private static int Hash(ReadOnlySpan<byte> key)
        {
            var hash = new HashCode();
            hash.AddBytes(key);
            return hash.ToHashCode();
        }
    }
}
