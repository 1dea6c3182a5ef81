using Microsoft.Extensions.Logging;

namespace Cluster.Grains;

/// <summary>The gateway grain's timer and reminder: hang-ups of overdue calls, OPTIONS probes, lease sweeps.</summary>
internal sealed partial class GatewayGrain
{
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The activation is the reminder's work: its first timer tick hangs up what became overdue and resumes probes.
        // A reminder left by an activation whose gateway is no longer provisioned and has no calls goes.
        if (reminderName == ReminderName && !Provisioned && _book.AnsweredCount == 0 && await this.GetReminder(ReminderName).ConfigureAwait(true) is { } reminder)
        {
            await this.UnregisterReminder(reminder).ConfigureAwait(true);
            _reminded = false;
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (_ticking || _stale)
        {
            return;
        }

        _ticking = true;
        try
        {
            var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            var l = Limits;
            if (_book.EarliestDueMs <= nowMs)
            {
                foreach (var call in await ClaimAsync(nowMs, (long)ClaimTime.TotalMilliseconds, ClaimBatch).ConfigureAwait(true))
                {
                    hangup.HangUp(call);
                }
            }

            if (l.ProbeInterval > TimeSpan.Zero && l.ProbeAddress is { } address)
            {
                // the first probe goes out one interval after activation: a silo restart does not burst probes
                if (_nextProbeMs == 0)
                {
                    _nextProbeMs = nowMs + (long)l.ProbeInterval.TotalMilliseconds;
                }
                else if (nowMs >= _nextProbeMs)
                {
                    _nextProbeMs = nowMs + (long)l.ProbeInterval.TotalMilliseconds;
                    prober.Probe(_name, address);
                }
            }
            else
            {
                _nextProbeMs = 0;
            }

            if (nowMs >= _nextSweepMs)
            {
                _nextSweepMs = nowMs + (long)SweepInterval.TotalMilliseconds;
                await SweepAsync(nowMs).ConfigureAwait(true);
                if (!_reminded && (Provisioned || _book.AnsweredCount > 0))
                {
                    await this.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod).ConfigureAwait(true);
                    _reminded = true;
                }
            }
        }
        catch (Exception e) when (e is GrainUnavailableException or TimeoutException or OrleansException)
        {
            GatewayLog.TickFailed(log, _name, e.Message);
        }
        finally
        {
            _ticking = false;
        }
    }

    /// <summary>
    /// Frees expired leases, then checks the tables against storage: a release that reached a superseded activation
    /// during a failover removed its lease in Redis only, so a count that disagrees is read back (only while no write
    /// of this activation is in flight, so the read cannot miss one).
    /// </summary>
    private async Task SweepAsync(long nowMs)
    {
        _book.ExpireLeases(nowMs);
        await WriteAsync(_store.ExpireAsync(nowMs)).ConfigureAwait(true);
        if (_pendingWrites > 0)
        {
            return;
        }

        var writes = _writes;
        var (lines, due) = await _store.CountAsync().ConfigureAwait(true);
        if (lines != _book.LeaseCount && _writes == writes)
        {
            var leases = await _store.ReadLeasesAsync().ConfigureAwait(true);
            if (_writes == writes)
            {
                GatewayStore.ApplyLeases(_book, leases);
            }
        }

        if (due != _book.AnsweredCount && _writes == writes)
        {
            var answered = await _store.ReadAnsweredAsync().ConfigureAwait(true);
            if (_writes == writes)
            {
                GatewayStore.ApplyAnswered(_book, answered);
            }
        }
    }
}
