using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Changes;

/// <summary>
/// Orleans <see cref="IClusterChangesGrain"/>. Why observers and not a broadcast channel or stream: the listeners are
/// edges (Orleans clients), which broadcast channels do not reach, and an announcement must reach each of them once,
/// fast, with no storage; observers do exactly that, and the log plus renewals cover what a push can lose (an edge
/// that reconnects, a hub that moved to another silo). State is memory only by design: after a move the epoch changes
/// and every listener resets its cache.
/// </summary>
internal sealed class ClusterChangesGrain(ILogger<ClusterChangesGrain> log, TimeProvider time) : Grain, IClusterChangesGrain
{
    /// <summary>Changes kept for catch-up: at a few hundred blocks a second under flood, several seconds' worth.</summary>
    public const int LogLength = 4096;

    /// <summary>A listener that does not renew within this is dropped (listeners renew every 5 s).</summary>
    public static readonly TimeSpan ListenerLease = TimeSpan.FromSeconds(30);

    private readonly Dictionary<IClusterChangeObserver, DateTimeOffset> _listeners = [];
    private readonly Queue<(long Sequence, string Message)> _log = new();
    private readonly long _epoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private long _sequence;

    public Task<long> AnnounceAsync(string message)
    {
        var sequence = ++_sequence;
        _log.Enqueue((sequence, message));
        if (_log.Count > LogLength)
        {
            _log.Dequeue();
        }

        var now = time.GetUtcNow();
        List<IClusterChangeObserver>? expired = null;
        foreach (var (listener, until) in _listeners)
        {
            if (until < now)
            {
                (expired ??= []).Add(listener);
                continue;
            }

            try
            {
                // one-way: a slow or gone edge costs the hub nothing
                _ = listener.Changed(_epoch, sequence, message);
            }
            catch (Exception e)
            {
                log.LogDebug(e, "listener not reached");
            }
        }

        foreach (var gone in expired ?? [])
        {
            _listeners.Remove(gone);
        }

        return Task.FromResult(sequence);
    }

    public Task<ChangeCatchUp> SubscribeAsync(IClusterChangeObserver listener, long epoch, long lastSequence)
    {
        _listeners[listener] = time.GetUtcNow() + ListenerLease;
        if (epoch != _epoch || lastSequence > _sequence)
        {
            // a new listener or a hub that forgot: everything the listener cached from announcements is suspect
            return Task.FromResult(new ChangeCatchUp(_epoch, _sequence, Reset: epoch != 0 || lastSequence != 0, []));
        }

        var oldest = _log.Count == 0 ? _sequence + 1 : _log.Peek().Sequence;
        if (lastSequence + 1 < oldest)
        {
            // missed more than the log holds
            return Task.FromResult(new ChangeCatchUp(_epoch, _sequence, Reset: true, []));
        }

        var missed = _log.Where(e => e.Sequence > lastSequence).Select(e => e.Message).ToList();
        return Task.FromResult(new ChangeCatchUp(_epoch, _sequence, Reset: false, missed));
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // the hub must not be collected while idle: its listeners and log are the point
        DelayDeactivation(TimeSpan.FromDays(365));
        return Task.CompletedTask;
    }
}
