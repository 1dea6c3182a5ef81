using System.Collections.Concurrent;
using System.Net;
using Cluster.Edge.Calls.Transactions;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Calls;

/// <summary>
/// Our 2xx answers to customers' INVITEs, retransmitted until the customer's ACK (RFC 3261 §13.3.1.4: from T1,
/// doubling up to T2, for 64·T1), as the UAS we are on that leg. Keyed by the call's id; an ACK reaching another edge
/// leaves the retransmissions here running out by themselves. Short-lived edge state, one timer per answer.
/// </summary>
public sealed class AnswerRetransmissions(TransactionTimers timers, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Retransmission> _answers = new(StringComparer.Ordinal);

    public int Count => _answers.Count;

    public void Start(string id, byte[] answer, IPEndPoint target, ISipReplyChannel channel, bool lateOffer)
    {
        if (channel.Kind != SipTransportKind.Udp)
        {
            return;
        }

        var retransmission = new Retransmission(this, id, answer, target, channel, lateOffer);
        _answers[id] = retransmission;
        retransmission.Schedule();
    }

    /// <summary>The customer's ACK arrived: stops retransmitting. Null when no answer of that call is retransmitted here; else whether its INVITE was a late offer.</summary>
    public bool? Acknowledge(string id)
    {
        if (!_answers.TryRemove(id, out var retransmission))
        {
            return null;
        }

        retransmission.Stop();
        return retransmission.LateOffer;
    }

    private sealed class Retransmission(AnswerRetransmissions owner, string id, byte[] answer, IPEndPoint target, ISipReplyChannel channel, bool lateOffer)
    {
        private readonly long _started = owner.Time.GetTimestamp();
        private TimeSpan _interval = owner.Timers.T1;
        private ITimer? _timer;

        public bool LateOffer => lateOffer;

        public void Schedule() => _timer = owner.Time.CreateTimer(static s => ((Retransmission)s!).Fire(), this, _interval, Timeout.InfiniteTimeSpan);

        public void Stop() => _timer?.Dispose();

        private void Fire()
        {
            if (owner.Time.GetElapsedTime(_started) >= owner.Timers.NoResponse)
            {
                owner._answers.TryRemove(new KeyValuePair<string, Retransmission>(id, this));
                Stop();
                return;
            }

            channel.Send(answer, target);
            _interval = _interval * 2 > owner.Timers.T2 ? owner.Timers.T2 : _interval * 2;
            _timer?.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    private TimeProvider Time => time;

    private TransactionTimers Timers => timers;
}
