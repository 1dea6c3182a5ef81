using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace Cluster.Grains.Cdr;

/// <summary>
/// Where CDRs are kept: the Redis stream <c>cdrs</c>, one entry per call attempt, id assigned by Redis at the
/// write (so it orders by end time and <c>XRANGE</c> answers "since/until"), field <c>r</c> = the record as JSON.
/// The call grain appends in the same script that deletes the call's live record, so a CDR is durable before the
/// call is forgotten. Readers: the silo's CSV export (consumer group <see cref="CsvGroup"/>) and the admin API.
/// </summary>
public static class CdrStream
{
    public static readonly RedisKey Key = "cdrs";

    public const string Field = "r";

    /// <summary>Consumer group of the silos' CSV writers: each entry goes to one silo's files.</summary>
    public const string CsvGroup = "csv";

    public static string Encode(CallDetailRecord record) => JsonSerializer.Serialize(record, CdrJson.Default.CallDetailRecord);

    /// <summary>The record of a stream entry's field, or null when it is not one (damaged or from a newer version).</summary>
    public static CallDetailRecord? Decode(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, CdrJson.Default.CallDetailRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CallDetailRecord))]
internal sealed partial class CdrJson : JsonSerializerContext;
