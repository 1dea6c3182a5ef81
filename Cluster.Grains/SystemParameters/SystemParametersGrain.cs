using System.Globalization;
using Cluster.Grains.Hosting;
using Cluster.Grains.Storage;
using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>
/// Orleans <see cref="ISystemParametersGrain"/>. The parameters (hash <c>sys:{params}</c>) and the whole provisioning
/// document (<c>sys:{params}:provisioning</c>, JSON, which edges read) are durable and written in one MULTI, so
/// a reader never sees one without the other; the version comes from the stored hash, so it keeps growing across
/// silo restarts and failovers.
/// </summary>
internal sealed class SystemParametersGrain(GrainStore store, IChangeAnnouncer changes) : Grain, ISystemParametersGrain
{
    // Provisioning must survive a quiet week; the silo rewrites it at every start and refreshes it on its timer.
    internal static readonly TimeSpan Keep = TimeSpan.FromDays(7);

    private const string StoreName = "sys:{params}";

    public async Task<SystemParameters> GetAsync()
    {
        // Read through, not cached: the hash is the one copy every silo shares, and reads are rare (edges cache).
        var entries = await store.RunAsync(StoreName, db => db.HashGetAllAsync(GrainKeys.SystemParameters));
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            fields[e.Name!] = e.Value!;
        }

        return SystemParameterFields.FromFields(fields);
    }

    public Task<bool> TouchAsync() =>
        store.RunAsync(StoreName, async db =>
        {
            var p = db.KeyExpireAsync(GrainKeys.SystemParameters, Keep);
            var d = db.KeyExpireAsync(GrainKeys.Provisioning, Keep);
            return await p & await d;
        });

    public Task<long> SetAsync(SystemParameters parameters, string provisioningJson) =>
        store.RunAsync(StoreName, async db =>
        {
            var version = (long)await db.HashGetAsync(GrainKeys.SystemParameters, "version") + 1;
            var fields = SystemParameterFields.ToFields(parameters)
                .Select(f => new HashEntry(f.Key, f.Value))
                .Append(new HashEntry("version", version))
                .ToArray();

            // the document carries its own version (written as -1 by ProvisioningWriter) so a reader of the
            // document alone knows which version it holds
            var doc = provisioningJson.Replace("\"version\":-1", "\"version\":" + version.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var t = db.CreateTransaction();
            _ = t.KeyDeleteAsync(GrainKeys.SystemParameters);
            _ = t.HashSetAsync(GrainKeys.SystemParameters, fields);
            _ = t.KeyExpireAsync(GrainKeys.SystemParameters, Keep);
            _ = t.StringSetAsync(GrainKeys.Provisioning, doc, Keep);
            await t.ExecuteAsync();
            await changes.AnnounceAsync("provisioning " + version.ToString(CultureInfo.InvariantCulture));
            return version;
        });
}
