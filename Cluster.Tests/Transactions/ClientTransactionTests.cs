using System.Net;
using Cluster.Edge.Calls.Transactions;
using Cluster.Edge.Transport;
using Cluster.Tests.Transport;

namespace Cluster.Tests.Transactions;

/// <summary>RFC 3261 §17.1 timers of the edge's client transactions towards vendors, on a manual clock.</summary>
public sealed class ClientTransactionTests
{
    private static readonly IPEndPoint Vendor = IPEndPoint.Parse("127.0.0.1:5070");
    private static readonly TransactionTimers Timers = new();

    private sealed class CountingChannel : ISipReplyChannel
    {
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        public SipTransportKind Kind => SipTransportKind.Udp;

        public IPEndPoint LocalEndPoint { get; } = IPEndPoint.Parse("127.0.0.1:5060");

        public bool Send(ReadOnlySpan<byte> message, IPEndPoint remote)
        {
            Interlocked.Increment(ref _sent);
            return true;
        }
    }

    private static (ClientTransaction Transaction, CountingChannel Channel, List<int> Provisional) Start(bool invite)
    {
        var channel = new CountingChannel();
        var provisional = new List<int>();
        return (new ClientTransaction("k", [1], Vendor, channel, invite, r => provisional.Add(r.Status)), channel, provisional);
    }

    [Fact]
    public async Task An_unanswered_invite_is_retransmitted_doubling_from_t1_and_times_out_at_timer_b()
    {
        var time = new ManualTimeProvider();
        var (tx, channel, _) = Start(invite: true);
        var run = tx.RunAsync(Timers, time);

        // sends at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s
        time.Advance(TimeSpan.FromSeconds(31.4));
        Assert.Equal(6, channel.Sent);
        time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Equal(7, channel.Sent);
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Null(await run);
    }

    [Fact]
    public async Task Timer_b_firing_a_little_early_times_out_instead_of_retransmitting_in_a_loop()
    {
        // System timers round due times down to whole milliseconds: with a T1 of 500.4 ms every firing comes
        // early, and the one set for the deadline comes while a fraction of a millisecond is left
        var time = new ManualTimeProvider();
        var early = new WholeMillisecondTimers(time);
        var timers = new TransactionTimers { T1 = TimeSpan.FromMilliseconds(500.4), NoResponse = TimeSpan.FromMilliseconds(64 * 500.4) };
        var (tx, channel, _) = Start(invite: true);
        var run = tx.RunAsync(timers, early);

        time.Advance(TimeSpan.FromSeconds(33));
        Assert.Null(await run);
        Assert.Equal(7, channel.Sent);
    }

    /// <summary>Hands out the manual clock's timers with due times truncated to whole milliseconds, as System.Threading.Timer does.</summary>
    private sealed class WholeMillisecondTimers(ManualTimeProvider inner) : TimeProvider
    {
        public override long TimestampFrequency => inner.TimestampFrequency;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new Truncating(inner.CreateTimer(callback, state, Whole(dueTime), period));

        private static TimeSpan Whole(TimeSpan t) => t == Timeout.InfiniteTimeSpan ? t : TimeSpan.FromMilliseconds(Math.Floor(t.TotalMilliseconds));

        private sealed class Truncating(ITimer timer) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(Whole(dueTime), period);

            public void Dispose() => timer.Dispose();

            public ValueTask DisposeAsync() => timer.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_provisional_stops_invite_retransmissions_and_the_final_answer_ends_the_timer()
    {
        var time = new ManualTimeProvider();
        var (tx, channel, provisional) = Start(invite: true);
        var run = tx.RunAsync(Timers, time);
        time.Advance(TimeSpan.FromSeconds(0.2));
        tx.OnResponse(new RelayedResponse(180, [], null));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, channel.Sent);
        Assert.Equal([180], provisional);

        var ok = new RelayedResponse(200, [2], null);
        tx.OnResponse(ok);
        Assert.Same(ok, await run);
        time.Advance(TimeSpan.FromSeconds(400));
        Assert.Equal(1, channel.Sent);
    }

    [Fact]
    public async Task A_ringing_invite_without_a_final_answer_times_out_at_timer_c()
    {
        var time = new ManualTimeProvider();
        var (tx, _, _) = Start(invite: true);
        var run = tx.RunAsync(Timers, time);
        tx.OnResponse(new RelayedResponse(183, [], null));
        time.Advance(TimeSpan.FromSeconds(179.9));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Null(await run);
    }

    [Fact]
    public async Task A_bye_is_retransmitted_with_intervals_capped_at_t2_until_timer_f()
    {
        var time = new ManualTimeProvider();
        var (tx, channel, _) = Start(invite: false);
        var run = tx.RunAsync(Timers, time);

        // sends at 0, 0.5, 1.5, 3.5, 7.5, then every 4 s: 11.5, 15.5, 19.5, 23.5, 27.5, 31.5
        time.Advance(TimeSpan.FromSeconds(11.6));
        Assert.Equal(6, channel.Sent);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(11, channel.Sent);
        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Null(await run);
    }

    [Fact]
    public async Task A_provisional_slows_a_bye_to_t2_and_its_final_answer_ends_it()
    {
        var time = new ManualTimeProvider();
        var (tx, channel, _) = Start(invite: false);
        var run = tx.RunAsync(Timers, time);
        tx.OnResponse(new RelayedResponse(100, [], null));
        time.Advance(TimeSpan.FromSeconds(3.9));
        Assert.Equal(1, channel.Sent);
        time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Equal(2, channel.Sent);
        tx.OnResponse(new RelayedResponse(200, [], null));
        Assert.Equal(200, (await run)!.Status);
    }

    [Fact]
    public async Task No_provisional_is_relayed_once_the_final_answer_has_arrived()
    {
        var time = new ManualTimeProvider();
        var (tx, _, provisional) = Start(invite: true);
        var run = tx.RunAsync(Timers, time);
        tx.OnResponse(new RelayedResponse(183, [], null));
        tx.OnResponse(new RelayedResponse(200, [], null));
        tx.OnResponse(new RelayedResponse(180, [], null));
        Assert.Equal(200, (await run)!.Status);
        Assert.Equal([183], provisional);
    }

    [Fact]
    public void A_cancel_waits_for_the_provisional_and_is_sent_once()
    {
        var time = new ManualTimeProvider();
        var (tx, channel, _) = Start(invite: true);
        _ = tx.RunAsync(Timers, time);
        tx.Cancel([9]);
        Assert.Equal(1, channel.Sent);
        tx.OnResponse(new RelayedResponse(180, [], null));
        Assert.Equal(2, channel.Sent);
        tx.Cancel([9]);
        tx.OnResponse(new RelayedResponse(180, [], null));
        Assert.Equal(2, channel.Sent);
    }
}
