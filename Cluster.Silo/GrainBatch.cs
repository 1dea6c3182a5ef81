namespace Cluster.Silo;

/// <summary>Runs one grain call per identity, a bounded number at a time (the multiplexer pipelines them).</summary>
internal static class GrainBatch
{
    private const int Parallel = 64;

    public static async Task<List<T>> GetAllAsync<T>(IReadOnlyList<string> ids, Func<string, Task<T>> call, LatencyHistogram latency)
    {
        var results = new List<T>(ids.Count);
        for (var i = 0; i < ids.Count; i += Parallel)
        {
            var chunk = ids.Skip(i).Take(Parallel).Select(id => latency.TimeAsync(() => call(id)));
            results.AddRange(await Task.WhenAll(chunk).ConfigureAwait(false));
        }

        return results;
    }
}
