using Cluster.Grains.Hosting;
using StackExchange.Redis;

namespace Cluster.Grains.Provisioning;

/// <summary>Reads the provisioning the silo published (<c>GrainKeys.Provisioning</c>), for edges.</summary>
public static class ProvisioningReader
{
    /// <summary>The published document, or null when none is published yet.</summary>
    public static async Task<ProvisioningDocument?> ReadAsync(GrainHostClient host)
    {
        try
        {
            var json = await host.Multiplexer.GetDatabase().StringGetAsync(GrainKeys.Provisioning).ConfigureAwait(false);
            return json.IsNullOrEmpty ? null : ProvisioningWriter.FromJson(json!);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new GrainUnavailableException(GrainKeys.Provisioning!, "Redis is unavailable: " + e.Message, e);
        }
    }
}
