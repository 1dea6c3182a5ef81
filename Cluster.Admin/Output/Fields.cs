using System.Globalization;
using System.Text.Json;

namespace Cluster.Admin.Output;

/// <summary>Reads fields of the silo's JSON for display; a missing or null field shows as "-".</summary>
internal static class Fields
{
    public const string None = "-";

    public static string Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? Show(v) : None;

    public static bool Flag(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    public static string YesNo(JsonElement e, string name) => Flag(e, name) ? "yes" : "no";

    public static JsonElement Child(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    public static IEnumerable<JsonElement> Items(JsonElement e, string? name = null)
    {
        var list = name is null ? e : Child(e, name);
        return list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];
    }

    /// <summary>Timestamps as UTC to the second, numbers invariant, ratios to 3 decimals.</summary>
    public static string Show(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String when DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                                  && v.GetString()!.Contains('T') => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Number when v.TryGetInt64(out var n) => n.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number => Math.Round(v.GetDouble(), 3).ToString(CultureInfo.InvariantCulture),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Array => string.Join(",", v.EnumerateArray().Select(Show)),
        JsonValueKind.Null or JsonValueKind.Undefined => None,
        _ => v.GetRawText(),
    };

    /// <summary>Writes <c>name: value</c> lines, names padded to one column.</summary>
    public static void WritePairs(TextWriter writer, params (string Name, string Value)[] pairs)
    {
        var width = pairs.Max(p => p.Name.Length) + 1;
        foreach (var (name, value) in pairs)
        {
            writer.WriteLine($"{(name + ":").PadRight(width)} {value}");
        }
    }
}
