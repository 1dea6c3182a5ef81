using Orleans.Concurrency;

namespace Cluster.Grains.Signalling;

/// <summary>
/// Memory only: a new activation (its silo died) is empty until the edges' next refresh, at most
/// <see cref="IEdgeDirectoryGrain.RefreshInterval"/>; meanwhile the silo sends hang-ups itself.
/// </summary>
[Reentrant]
internal sealed class EdgeDirectoryGrain(TimeProvider time) : Grain, IEdgeDirectoryGrain
{
    private readonly Dictionary<string, (IEdgeSignaller Signaller, long SeenMs)> _edges = new(StringComparer.Ordinal);
    private int _next;

    public Task JoinAsync(string edge, IEdgeSignaller signaller)
    {
        _edges[edge] = (signaller, time.GetUtcNow().ToUnixTimeMilliseconds());
        return Task.CompletedTask;
    }

    public Task LeaveAsync(string edge)
    {
        _edges.Remove(edge);
        return Task.CompletedTask;
    }

    public Task<EdgeChoice?> PickAsync()
    {
        var oldest = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)(IEdgeDirectoryGrain.RefreshInterval.TotalMilliseconds * 3);
        foreach (var gone in _edges.Where(e => e.Value.SeenMs < oldest).Select(e => e.Key).ToList())
        {
            _edges.Remove(gone);
        }

        if (_edges.Count == 0)
        {
            return Task.FromResult<EdgeChoice?>(null);
        }

        _next = (_next + 1) % _edges.Count;
        var (edge, (signaller, _)) = _edges.ElementAt(_next);
        return Task.FromResult<EdgeChoice?>(new EdgeChoice(edge, signaller));
    }
}
