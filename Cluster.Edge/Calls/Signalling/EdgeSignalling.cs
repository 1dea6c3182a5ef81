using Cluster.Grains.Signalling;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Calls.Signalling;

/// <summary>
/// Keeps this edge in the cluster's <see cref="IEdgeDirectoryGrain"/>: an Orleans observer reference to its
/// <see cref="EdgeSignaller"/>, joined at start (every second until it is in) and again every refresh interval (a directory that lost its silo hears
/// of the edge within one interval), left on shutdown.
/// </summary>
internal sealed class EdgeSignalling : IAsyncDisposable
{
    private readonly IGrainFactory _orleans;
    private readonly IEdgeSignaller _reference;
    private readonly string _name;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private bool _joined;

    public EdgeSignalling(IGrainFactory orleans, IEdgeSignaller signaller, string name, TimeProvider time, ILogger logger)
    {
        (_orleans, _name, _logger) = (orleans, name, logger);
        _reference = orleans.CreateObjectReference<IEdgeSignaller>(signaller);
        _timer = time.CreateTimer(static s => _ = ((EdgeSignalling)s!).JoinAsync(), this, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    private IEdgeDirectoryGrain Directory => _orleans.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key);

    private async Task JoinAsync()
    {
        try
        {
            await Directory.JoinAsync(_name, _reference).ConfigureAwait(false);
            if (!_joined)
            {
                _joined = true;
                CallsLog.SignallingJoined(_logger, _name);
                _timer.Change(IEdgeDirectoryGrain.RefreshInterval, IEdgeDirectoryGrain.RefreshInterval);
            }
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or ArgumentException or InvalidOperationException)
        {
            // no silo yet, or none now: tried again within a second until it is in, then at every refresh
            CallsLog.SignallingNotJoined(_logger, _name, e.Message);
            if (_joined)
            {
                _joined = false;
                _timer.Change(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Directory.LeaveAsync(_name).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or ArgumentException or InvalidOperationException)
        {
            // the directory forgets a silent edge by itself
        }

        _orleans.DeleteObjectReference<IEdgeSignaller>(_reference);
    }
}
