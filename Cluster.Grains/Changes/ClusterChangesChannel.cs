using Cluster.Grains.Connection;

namespace Cluster.Grains.Changes;

/// <summary>
/// A process's line to the change hub (<see cref="IClusterChangesGrain"/>): how a verdict reached on one edge (a block,
/// a suspension) or an ops change (unblock, provisioning, key rotation) reaches every edge and silo at once, and how
/// this process hears them. Announcing is best effort (the grains hold the verdicts); listening renews every
/// <see cref="RenewEvery"/>, which also catches up on anything a push lost (a reconnect, the hub moving silo).
/// </summary>
public sealed class ClusterChangesChannel(IGrainFactory orleans) : IClusterChangeObserver, IAsyncDisposable
{
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _renewNow = new(0);
    private Action<string>? _onMessage;
    private Action? _onReset;
    private IClusterChangeObserver? _reference;
    private long _epoch;
    private long _sequence;
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _listening;

    /// <summary>Why the last subscription attempt failed, for the process's log and metrics.</summary>
    public string? LastError { get; private set; }

    /// <summary>Completes once the hub has this listener: changes announced from then on reach it.</summary>
    public Task Subscribed => _subscribed.Task;

    private IClusterChangesGrain Hub => GrainRefs.Resolve(() => orleans.GetGrain<IClusterChangesGrain>(IClusterChangesGrain.Key));

    /// <summary>Announces; false when no silo took it (the grain already holds the verdict, so nothing is lost).</summary>
    public async Task<bool> TryPublishAsync(string message)
    {
        try
        {
            await Hub.AnnounceAsync(message).ConfigureAwait(false);
            return true;
        }
        catch (GrainUnavailableException)
        {
            return false;
        }
    }

    /// <summary>
    /// Calls <paramref name="onMessage"/> for every change, in order, once; <paramref name="onReset"/> when changes may
    /// have been missed beyond catching up (drop what was cached from them).
    /// </summary>
    public void Subscribe(Action<string> onMessage, Action? onReset = null)
    {
        _onMessage = onMessage;
        _onReset = onReset;
        _listening ??= ListenAsync();
    }

    public Task Changed(long epoch, long sequence, string message)
    {
        lock (_gate)
        {
            if (epoch != _epoch || sequence <= _sequence)
            {
                // another epoch (renewal will sort it out) or a push that catch-up already delivered
                return Task.CompletedTask;
            }

            if (sequence > _sequence + 1)
            {
                // a push was lost: catch up now rather than at the next renewal
                _renewNow.Release();
                return Task.CompletedTask;
            }

            _sequence = sequence;
            _onMessage?.Invoke(message);
        }

        return Task.CompletedTask;
    }

    private async Task ListenAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _reference ??= orleans.CreateObjectReference<IClusterChangeObserver>(this);
                long epoch, sequence;
                lock (_gate)
                {
                    (epoch, sequence) = (_epoch, _sequence);
                }

                var catchUp = await Hub.SubscribeAsync(_reference, epoch, sequence).ConfigureAwait(false);
                lock (_gate)
                {
                    if (catchUp.Reset)
                    {
                        _onReset?.Invoke();
                    }

                    if (catchUp.Epoch != _epoch || catchUp.Reset)
                    {
                        (_epoch, _sequence) = (catchUp.Epoch, catchUp.Sequence);
                    }
                    else
                    {
                        foreach (var message in catchUp.Missed)
                        {
                            _onMessage?.Invoke(message);
                        }

                        _sequence = Math.Max(_sequence, catchUp.Sequence);
                    }
                }

                _subscribed.TrySetResult();
            }
            catch (Exception e) when (!_stop.IsCancellationRequested)
            {
                // no silo yet, or the hub is moving: try again soon
                LastError = e.GetType().Name + ": " + e.Message;
            }

            try
            {
                // until the first subscription holds (a client that just connected may not know the hub yet), retry fast
                await _renewNow.WaitAsync(_subscribed.Task.IsCompleted ? RenewEvery : TimeSpan.FromMilliseconds(250), _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_listening is not null)
        {
            await _listening.ConfigureAwait(false);
        }

        if (_reference is not null)
        {
            orleans.DeleteObjectReference<IClusterChangeObserver>(_reference);
        }

        _stop.Dispose();
    }
}
