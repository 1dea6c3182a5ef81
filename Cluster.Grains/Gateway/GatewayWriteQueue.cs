namespace Cluster.Grains;

/// <summary>
/// Group commit for one gateway activation. A write goes to Redis at once when none is in flight; writes that
/// arrive while one is in flight wait and then go together, in one script call. Each caller is still answered
/// only after its own write is in Redis, so nothing is acknowledged before it is durable; under load a gateway
/// pays one round trip per batch instead of one per call. Runs on the activation's scheduler (the grain is
/// reentrant and every continuation stays in its context), so the queue needs no lock.
/// </summary>
internal sealed class GatewayWriteQueue(GatewayStore store, long epoch)
{
    /// <summary>Bounds one script call, so a burst of thousands of admits does not hold Redis for long.</summary>
    private const int MaxBatch = 256;

    private List<GatewayWrite> _waiting = [];
    private bool _flushing;

    public Task<bool> WriteAsync(GatewayWrite write)
    {
        _waiting.Add(write);
        if (!_flushing)
        {
            _ = FlushAsync();
        }

        return write.Done;
    }

    private async Task FlushAsync()
    {
        _flushing = true;
        try
        {
            while (_waiting.Count > 0)
            {
                List<GatewayWrite> batch;
                if (_waiting.Count <= MaxBatch)
                {
                    (batch, _waiting) = (_waiting, []);
                }
                else
                {
                    batch = _waiting.GetRange(0, MaxBatch);
                    _waiting.RemoveRange(0, MaxBatch);
                }

                try
                {
                    var held = await store.ApplyAsync(epoch, batch).ConfigureAwait(true);
                    foreach (var write in batch)
                    {
                        write.Complete(held);
                    }
                }
                catch (Exception e)
                {
                    foreach (var write in batch)
                    {
                        write.Fail(e);
                    }
                }
            }
        }
        finally
        {
            _flushing = false;
        }
    }
}
