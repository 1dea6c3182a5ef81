namespace Cluster.Edge.Transactions;

/// <summary>What the store knows about an arriving request.</summary>
public enum TransactionLookup
{
    /// <summary>First sighting: the caller runs the logic and calls <see cref="ServerTransactionStore.Complete"/>.</summary>
    New,

    /// <summary>A retransmission while the first copy is still being worked on: absorb it (INVITE: resend 100 Trying).</summary>
    InProgress,

    /// <summary>A retransmission after the final response: resend the stored bytes, run nothing.</summary>
    Completed,
}
