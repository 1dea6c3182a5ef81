using System.Net;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Calls.Transactions;

/// <summary>
/// One request this edge sent to the next hop over UDP (RFC 3261 §17.1): retransmitted from T1, doubling
/// (INVITE until a provisional arrives; non-INVITE capped at T2 until the final one), ended by the final
/// response or a timeout (Timer B/F without any answer, Timer C after a provisional). Responses are fed in
/// from the receive loop through <see cref="OnResponse"/>; provisional ones go to a callback at once.
/// </summary>
/// <remarks>
/// One timer per transaction, moved for each retransmission and disposed with the final response: at
/// thousands of calls per second, a delay task per wait (Timer C alone lasts 180 s) would leave hundreds
/// of thousands of dead timers queued and every one of them on the heap.
/// </remarks>
public sealed class ClientTransaction(
    string key,
    byte[] request,
    IPEndPoint target,
    ISipReplyChannel channel,
    bool invite,
    Action<RelayedResponse>? onProvisional)
{
    // Continuations run inline on the thread that delivers the final answer (a receive loop, or the timer):
    // the handler goes on to relay it and to its next grain call, which is asynchronous, so the loop is
    // held for microseconds, and a thread hand-off per transaction is saved.
    private readonly TaskCompletionSource<RelayedResponse?> _final = new();
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private TransactionTimers _timers = new();
    private TimeProvider _time = TimeProvider.System;
    private long _started;
    private TimeSpan _interval;
    private bool _expiring;
    private bool _provisional;
    private bool _answered;
    private byte[]? _cancel;
    private bool _cancelSent;

    public string Key => key;

    private bool Reliable => channel.Kind != SipTransportKind.Udp;

    public IPEndPoint Target => target;

    public bool HasProvisional
    {
        get
        {
            lock (_lock)
            {
                return _provisional;
            }
        }
    }

    public void OnResponse(RelayedResponse response)
    {
        if (response.Status >= 200)
        {
            // Under the lock: a provisional being relayed on another receive thread goes out first, and
            // none goes out after the final answer (a 180 relayed behind the 200 confuses callers).
            lock (_lock)
            {
                _answered = true;
            }

            if (_final.TrySetResult(response))
            {
                StopTimer();
            }

            return;
        }

        bool first;
        lock (_lock)
        {
            if (_answered)
            {
                return;
            }

            first = !_provisional;
            _provisional = true;
            if (first && _timer is not null)
            {
                // Proceeding: an INVITE stops retransmitting and waits for Timer C; a non-INVITE slows to T2.
                _expiring = false;
                _timer.Change(invite ? Left(_timers.NoAnswer) : _timers.T2, Timeout.InfiniteTimeSpan);
            }

            onProvisional?.Invoke(response);
        }

        if (first)
        {
            SendPendingCancel();
        }
    }

    /// <summary>
    /// Sends CANCEL for this INVITE: at once when the next hop has answered provisionally, else as soon as it
    /// does (§9.1: a CANCEL must not overtake the INVITE). The INVITE then ends with 487 or its final response.
    /// </summary>
    public void Cancel(byte[] cancel)
    {
        lock (_lock)
        {
            _cancel ??= cancel;
        }

        if (HasProvisional)
        {
            SendPendingCancel();
        }
    }

    /// <summary>Sends and retransmits until the final response; null on timeout.</summary>
    public Task<RelayedResponse?> RunAsync(TransactionTimers timers, TimeProvider time)
    {
        lock (_lock)
        {
            _timers = timers;
            _time = time;
            _started = time.GetTimestamp();
            _interval = timers.T1;
            channel.Send(request, target);
            if (!_final.Task.IsCompleted)
            {
                // a provisional that overtook the start already moved us to Proceeding
                // over TCP nothing is retransmitted (§17.1.1.2): the one timer is Timer B/F, or C once proceeding
                var first = _provisional ? (invite ? timers.NoAnswer : timers.T2) : Reliable ? timers.NoResponse : Min(timers.T1, timers.NoResponse);
                _timer = time.CreateTimer(static s => ((ClientTransaction)s!).OnTimerGuarded(), this, first, Timeout.InfiniteTimeSpan);
            }
        }

        return _final.Task;
    }

    // An exception on a timer thread ends the process; here it ends only this transaction, and its handler
    // (awaiting the final answer) logs it as a fault.
    private void OnTimerGuarded()
    {
        try
        {
            OnTimer();
        }
        catch (Exception e)
        {
            if (_final.TrySetException(e))
            {
                StopTimer();
            }
        }
    }

    private void OnTimer()
    {
        bool retransmit;
        lock (_lock)
        {
            if (_final.Task.IsCompleted || _timer is null)
            {
                return;
            }

            if (invite && _provisional)
            {
                // Timer C: no final answer after the provisional
                retransmit = false;
            }
            else
            {
                // The firing set for the deadline is the timeout even when it comes a little early: timers
                // round their due time down to whole milliseconds, and a loop of early firings, each doubling
                // the interval, retransmitted and then overflowed TimeSpan (a crash seen under load).
                var remaining = Left(_timers.NoResponse);
                retransmit = !Reliable && !_expiring && remaining > TimeSpan.Zero;
                if (retransmit)
                {
                    _interval = _provisional ? _timers.T2 : Min(_interval * 2, invite ? _timers.NoResponse : _timers.T2);
                    _expiring = _interval >= remaining;
                    _timer.Change(Min(_interval, remaining), Timeout.InfiniteTimeSpan);
                }
            }
        }

        if (retransmit)
        {
            channel.Send(request, target);
        }
        else if (_final.TrySetResult(null))
        {
            StopTimer();
        }
    }

    private TimeSpan Left(TimeSpan limit) => limit - _time.GetElapsedTime(_started);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void StopTimer()
    {
        ITimer? timer;
        lock (_lock)
        {
            timer = _timer;
            _timer = null;
        }

        timer?.Dispose();
    }

    private void SendPendingCancel()
    {
        byte[]? cancel;
        lock (_lock)
        {
            if (_cancel is null || _cancelSent)
            {
                return;
            }

            _cancelSent = true;
            cancel = _cancel;
        }

        channel.Send(cancel, target);
    }
}
