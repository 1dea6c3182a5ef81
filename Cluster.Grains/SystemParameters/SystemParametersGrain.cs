using Cluster.Grains.Hosting;
using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>Redis-hosted <see cref="ISystemParametersGrain"/>.</summary>
internal sealed class SystemParametersGrain : ISystemParametersGrain
{
    // Provisioning must survive a quiet week; the silo rewrites it at every start and refreshes it on its reminder.
    internal static readonly TimeSpan Keep = TimeSpan.FromDays(7);

    private static readonly RedisKey[] Keys = [GrainKeys.SystemParameters, GrainKeys.Provisioning];
    private readonly GrainHostClient _host;

    public SystemParametersGrain(GrainHostClient host) => _host = host;

    public async Task<SystemParameters> GetAsync()
    {
        var r = RedisResults.Array(await _host.RunAsync(GrainScripts.SystemGet, Keys, []).ConfigureAwait(false));
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < r.Length; i += 2)
        {
            fields[(string)r[i]!] = (string)r[i + 1]!;
        }

        return SystemParameterFields.FromFields(fields);
    }

    public async Task<bool> TouchAsync() =>
        (long)await _host.RunAsync(GrainScripts.SystemTouch, Keys, [(long)Keep.TotalMilliseconds]).ConfigureAwait(false) == 1;

    public async Task<long> SetAsync(SystemParameters parameters, string provisioningJson)
    {
        var args = new List<RedisValue> { (long)Keep.TotalMilliseconds, GrainKeys.ChangesChannel, provisioningJson };
        foreach (var (field, value) in SystemParameterFields.ToFields(parameters))
        {
            args.Add(field);
            args.Add(value);
        }

        return (long)await _host.RunAsync(GrainScripts.SystemWrite, Keys, args.ToArray()).ConfigureAwait(false);
    }
}
