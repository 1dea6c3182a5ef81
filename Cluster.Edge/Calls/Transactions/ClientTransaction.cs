using System.Net;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Calls.Transactions;

/// <summary>
/// One request this edge sent to the next hop over UDP (RFC 3261 §17.1): retransmitted from T1, doubling
/// (INVITE until a provisional arrives; non-INVITE capped at T2 until the final one), ended by the final
/// response or a timeout (Timer B/F without any answer, Timer C after a provisional). Responses are fed in
/// from the receive loop through <see cref="OnResponse"/>; provisional ones go to a callback at once.
/// </summary>
public sealed class ClientTransaction(
    string key,
    byte[] request,
    IPEndPoint target,
    ISipReplyChannel channel,
    bool invite,
    Action<RelayedResponse>? onProvisional)
{
    private readonly TaskCompletionSource<RelayedResponse> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstProvisional = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _cancelLock = new();
    private byte[]? _cancel;
    private bool _cancelSent;

    public string Key => key;

    public IPEndPoint Target => target;

    public bool HasProvisional => _firstProvisional.Task.IsCompleted;

    public void OnResponse(RelayedResponse response)
    {
        if (response.Status < 200)
        {
            if (!_final.Task.IsCompleted)
            {
                _firstProvisional.TrySetResult();
                SendPendingCancel();
                onProvisional?.Invoke(response);
            }

            return;
        }

        _final.TrySetResult(response);
    }

    /// <summary>
    /// Sends CANCEL for this INVITE: at once when the next hop has answered provisionally, else as soon as it
    /// does (§9.1: a CANCEL must not overtake the INVITE). The INVITE then ends with 487 or its final response.
    /// </summary>
    public void Cancel(byte[] cancel)
    {
        lock (_cancelLock)
        {
            _cancel ??= cancel;
        }

        if (HasProvisional)
        {
            SendPendingCancel();
        }
    }

    /// <summary>Sends and retransmits until the final response; null on timeout.</summary>
    public async Task<RelayedResponse?> RunAsync(TransactionTimers timers, TimeProvider time)
    {
        channel.Send(request, target);
        var started = time.GetTimestamp();
        var interval = timers.T1;
        while (true)
        {
            if (invite && HasProvisional)
            {
                // Proceeding: no more retransmissions, only Timer C.
                var left = timers.NoAnswer - time.GetElapsedTime(started);
                if (left > TimeSpan.Zero)
                {
                    await Task.WhenAny(_final.Task, Task.Delay(left, time)).ConfigureAwait(false);
                }

                return _final.Task.IsCompleted ? _final.Task.Result : null;
            }

            var remaining = timers.NoResponse - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return _final.Task.IsCompleted ? _final.Task.Result : null;
            }

            var wait = interval < remaining ? interval : remaining;
            var provisionalBefore = HasProvisional;
            var delay = Task.Delay(wait, time);
            var woke = provisionalBefore
                ? await Task.WhenAny(_final.Task, delay).ConfigureAwait(false)
                : await Task.WhenAny(_final.Task, _firstProvisional.Task, delay).ConfigureAwait(false);
            if (_final.Task.IsCompleted)
            {
                return _final.Task.Result;
            }

            if (woke != delay)
            {
                // The first provisional: an INVITE stops retransmitting, a non-INVITE slows to T2.
                interval = timers.T2;
                continue;
            }

            channel.Send(request, target);
            interval = invite ? interval * 2 : (interval * 2 < timers.T2 ? interval * 2 : timers.T2);
        }
    }

    private void SendPendingCancel()
    {
        byte[]? cancel;
        lock (_cancelLock)
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
