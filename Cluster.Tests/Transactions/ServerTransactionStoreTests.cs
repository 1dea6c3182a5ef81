using System.Text;
using Cluster.Edge.Transactions;

namespace Cluster.Tests.Transactions;

public sealed class ServerTransactionStoreTests
{
    private static readonly byte[] s_key = Encoding.ASCII.GetBytes("z9hG4bK776asdhds|pc33.atlanta.com:5060|OPTIONS");
    private static readonly byte[] s_response = Encoding.ASCII.GetBytes("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n");

    [Fact]
    public void First_sighting_is_new_and_a_retransmission_while_working_is_in_progress()
    {
        var store = new ServerTransactionStore(capacity: 10);

        Assert.Equal(TransactionLookup.New, store.Begin(s_key, nowMs: 1_000, out _));
        Assert.Equal(TransactionLookup.InProgress, store.Begin(s_key, nowMs: 1_010, out var stored));
        Assert.Null(stored);
    }

    [Fact]
    public void Retransmission_after_completion_gets_the_stored_bytes_until_timer_j_fires()
    {
        var store = new ServerTransactionStore(capacity: 10);
        store.Begin(s_key, nowMs: 1_000, out _);
        store.Complete(s_key, s_response, nowMs: 1_005);

        Assert.Equal(TransactionLookup.Completed, store.Begin(s_key, nowMs: 1_005 + 31_999, out var stored));
        Assert.Equal(s_response, stored);

        // 32 s after the final response the transaction is gone: the same bytes are a new request.
        Assert.Equal(TransactionLookup.New, store.Begin(s_key, nowMs: 1_005 + 32_000, out _));
    }

    [Fact]
    public void Ack_for_a_non_2xx_final_response_is_absorbed_and_unknown_acks_are_not()
    {
        var store = new ServerTransactionStore(capacity: 10);
        var inviteKey = Encoding.ASCII.GetBytes("z9hG4bKinv|10.0.0.1:5060|INVITE");
        store.Begin(inviteKey, nowMs: 0, out _);

        Assert.False(store.AbsorbAck(inviteKey, nowMs: 1)); // no final response yet
        store.Complete(inviteKey, s_response, nowMs: 2);
        Assert.True(store.AbsorbAck(inviteKey, nowMs: 3));
        Assert.False(store.AbsorbAck(Encoding.ASCII.GetBytes("z9hG4bKother|10.0.0.1:5060|INVITE"), nowMs: 3));
    }

    [Fact]
    public void The_store_never_holds_more_than_its_capacity_and_forgets_the_oldest_first()
    {
        var store = new ServerTransactionStore(capacity: 100);
        for (var i = 0; i < 1_000; i++)
        {
            var key = Encoding.ASCII.GetBytes($"z9hG4bK{i}|h:5060|OPTIONS");
            Assert.Equal(TransactionLookup.New, store.Begin(key, nowMs: i, out _));
            store.Complete(key, s_response, nowMs: i);
            Assert.True(store.Count <= 100, $"count {store.Count} after {i + 1} inserts");
        }

        Assert.Equal(TransactionLookup.New, store.Begin(Encoding.ASCII.GetBytes("z9hG4bK0|h:5060|OPTIONS"), nowMs: 1_000, out _));
        Assert.Equal(TransactionLookup.Completed, store.Begin(Encoding.ASCII.GetBytes("z9hG4bK999|h:5060|OPTIONS"), nowMs: 1_000, out _));
    }

    [Fact]
    public void Expired_transactions_release_their_bytes()
    {
        var store = new ServerTransactionStore(capacity: 1_000);
        for (var i = 0; i < 50; i++)
        {
            var key = Encoding.ASCII.GetBytes($"z9hG4bK{i}|h:5060|REGISTER");
            store.Begin(key, nowMs: 0, out _);
            store.Complete(key, s_response, nowMs: 0);
        }

        Assert.Equal(50, store.Count);
        Assert.True(store.ApproximateBytes > 50 * s_response.Length);

        store.Sweep(nowMs: 32_000);

        Assert.Equal(0, store.Count);
        Assert.Equal(0, store.ApproximateBytes);
    }

    [Fact]
    public void Forget_removes_a_transaction_at_once()
    {
        var store = new ServerTransactionStore(capacity: 10);
        store.Begin(s_key, nowMs: 0, out _);
        store.Complete(s_key, s_response, nowMs: 0);
        store.Forget(s_key);

        Assert.Equal(0, store.Count);
        Assert.Equal(TransactionLookup.New, store.Begin(s_key, nowMs: 1, out _));
    }

    [Fact]
    public void Key_distinguishes_method_and_sent_by_and_refuses_overlong_fields()
    {
        Span<byte> a = stackalloc byte[TransactionKey.MaxLength];
        Span<byte> b = stackalloc byte[TransactionKey.MaxLength];
        var la = TransactionKey.Write(a, "z9hG4bK1"u8, "host"u8, 5060, "INVITE"u8);
        var lb = TransactionKey.Write(b, "z9hG4bK1"u8, "host"u8, 5060, "CANCEL"u8);

        Assert.False(a[..la].SequenceEqual(b[..lb]));
        Assert.Equal(-1, TransactionKey.Write(a, new byte[600], "host"u8, 5060, "INVITE"u8));
        Assert.True(TransactionKey.IsRfc3261Branch("z9hG4bKabc"u8));
        Assert.False(TransactionKey.IsRfc3261Branch("z9hG4bK"u8));
        Assert.False(TransactionKey.IsRfc3261Branch("abc"u8));
    }
}
