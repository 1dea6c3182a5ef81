using System.Collections.Concurrent;

namespace Cluster.Edge.Calls.Transactions;

/// <summary>Client transactions in flight on this edge, by our Via branch and the CSeq method.</summary>
public sealed class ClientTransactionTable
{
    private readonly ConcurrentDictionary<string, ClientTransaction> _byKey = new(StringComparer.Ordinal);

    public int Count => _byKey.Count;

    public static string KeyOf(string branch, string method) => string.Concat(branch, "|", method);

    public void Add(ClientTransaction transaction) => _byKey[transaction.Key] = transaction;

    public void Remove(ClientTransaction transaction) => _byKey.TryRemove(new KeyValuePair<string, ClientTransaction>(transaction.Key, transaction));

    public bool TryGet(string key, out ClientTransaction? transaction) => _byKey.TryGetValue(key, out transaction);
}
