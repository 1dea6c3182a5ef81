using System.Text.Json;
using System.Text.Json.Serialization;
using Cluster.Grains.Cdr;
using Cluster.Grains.Storage;
using StackExchange.Redis;

namespace Cluster.Grains.Calls;

/// <summary>
/// A call grain's durable state: <c>call:{id}</c>, the answered call's record as JSON (expiring a while after its
/// maximum duration, should everything else fail), and at the end its CDR appended to <see cref="CdrStream"/> in the
/// same script that deletes the record: once the call is forgotten, its CDR is stored.
/// </summary>
internal sealed class CallStore(GrainStore store)
{
    // KEYS[1] the CDR stream, KEYS[2] the call's record; ARGV[1] the CDR, ARGV[2] how many CDRs the stream keeps
    private const string EndScript = """
        redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'r', ARGV[1])
        redis.call('DEL', KEYS[2])
        return 1
        """;

    /// <summary>CDRs the stream keeps (about 0.8 KB each); the CSV files are the operator's archive.</summary>
    public const int StreamKeeps = 1_000_000;

    public static RedisKey KeyOf(string id) => $"call:{{{id}}}";

    public Task SaveAsync(CallRecord call, TimeSpan keep) =>
        store.RunAsync(call.Id, db => db.StringSetAsync(KeyOf(call.Id), JsonSerializer.Serialize(call, CallJson.Default.CallRecord), keep));

    public async Task<CallRecord?> LoadAsync(string id)
    {
        var json = await store.RunAsync(id, db => db.StringGetAsync(KeyOf(id))).ConfigureAwait(false);
        if (json.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize((string)json!, CallJson.Default.CallRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public Task EndAsync(string id, CallDetailRecord cdr) =>
        store.RunAsync(id, db => db.ScriptEvaluateAsync(EndScript, [CdrStream.Key, KeyOf(id)], [CdrStream.Encode(cdr), StreamKeeps]));
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(CallRecord))]
internal sealed partial class CallJson : JsonSerializerContext;
