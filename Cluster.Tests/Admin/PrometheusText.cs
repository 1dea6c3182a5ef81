using System.Globalization;
using System.Text.RegularExpressions;

namespace Cluster.Tests.Admin;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4): every line is a HELP, TYPE,
/// comment or sample; every sample belongs to a family declared by TYPE before it; histogram
/// buckets are cumulative and end with +Inf equal to _count. Throws FormatException naming the line.
/// </summary>
public static partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public static IReadOnlyList<Sample> Parse(string text)
    {
        if (!text.EndsWith('\n'))
        {
            throw new FormatException("exposition must end with a newline");
        }

        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1} '{line}'";
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                if (parts.Length != 4 || !NameRegex().IsMatch(parts[2]) || parts[3] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                {
                    throw new FormatException($"bad TYPE at {where}");
                }

                if (!types.TryAdd(parts[2], parts[3]))
                {
                    throw new FormatException($"second TYPE for {parts[2]} at {where}");
                }

                continue;
            }

            if (line.StartsWith('#') || line.Length == 0)
            {
                if (line.StartsWith("# HELP ", StringComparison.Ordinal) && !NameRegex().IsMatch(line.Split(' ')[2]))
                {
                    throw new FormatException($"bad HELP at {where}");
                }

                continue;
            }

            var m = SampleRegex().Match(line);
            if (!m.Success)
            {
                throw new FormatException($"not a sample: {where}");
            }

            var name = m.Groups["name"].Value;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match l in LabelRegex().Matches(m.Groups["labels"].Value))
            {
                labels[l.Groups[1].Value] = l.Groups[2].Value;
            }

            var family = Family(name, types);
            if (family is null)
            {
                throw new FormatException($"sample without a TYPE for its family: {where}");
            }

            samples.Add(new Sample(name, labels, ParseValue(m.Groups["value"].Value, where)));
        }

        CheckHistograms(samples, types);
        return samples;
    }

    public static double Value(IReadOnlyList<Sample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Single(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Value;

    private static string? Family(string name, Dictionary<string, string> types)
    {
        if (types.ContainsKey(name))
        {
            return name;
        }

        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var t) && t is "histogram" or "summary")
            {
                return name[..^suffix.Length];
            }
        }

        return null;
    }

    private static void CheckHistograms(List<Sample> samples, Dictionary<string, string> types)
    {
        foreach (var (family, _) in types.Where(t => t.Value == "histogram"))
        {
            var buckets = samples.Where(s => s.Name == family + "_bucket").ToList();
            if (buckets.Count == 0 || buckets[^1].Labels.GetValueOrDefault("le") != "+Inf")
            {
                throw new FormatException($"histogram {family} must end with an le=\"+Inf\" bucket");
            }

            for (var i = 1; i < buckets.Count; i++)
            {
                if (buckets[i].Value < buckets[i - 1].Value)
                {
                    throw new FormatException($"histogram {family} buckets are not cumulative at le={buckets[i].Labels["le"]}");
                }
            }

            if (samples.Single(s => s.Name == family + "_count").Value != buckets[^1].Value)
            {
                throw new FormatException($"histogram {family}: _count differs from the +Inf bucket");
            }
        }
    }

    private static double ParseValue(string text, string where) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"bad value at {where}"),
    };

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex NameRegex();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (?<value>\S+)( -?\d+)?$""")]
    private static partial Regex SampleRegex();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelRegex();
}
