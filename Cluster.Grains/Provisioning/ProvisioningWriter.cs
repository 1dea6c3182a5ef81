using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Grains.Provisioning;

/// <summary>
/// Publishes provisioning to the cluster: system parameters into <c>sys:{params}</c>, the whole
/// document (as JSON) into <c>sys:{params}:provisioning</c>, and a <c>provisioning VERSION</c> message on
/// <c>cluster:changes</c> so edges refresh without a restart. One atomic turn.
/// </summary>
public static class ProvisioningWriter
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes and announces <paramref name="doc"/>. Returns the version. The caller applies its rules.</summary>
    public static Task<long> WriteAsync(IClusterGrains grains, ProvisioningDocument doc) =>
        grains.GetSystemParametersGrain()
            .SetAsync(doc.System, JsonSerializer.Serialize(doc with { System = doc.System with { Version = -1 } }, Json));

    public static ProvisioningDocument? FromJson(string json) => JsonSerializer.Deserialize<ProvisioningDocument>(json, Json);
}
