using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Cluster.Grains.Provisioning;

/// <summary>
/// A YAML mapping read with its key path, so every complaint names the key and the line.
/// Keys that are read are remembered; <see cref="RejectUnknownKeys"/> reports the rest (typos).
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private YamlMap(YamlMappingNode node, string path)
    {
        _node = node;
        Path = path;
    }

    public string Path { get; }

    public int Line => (int)_node.Start.Line;

    public static YamlMap From(YamlNode node, string path) =>
        node is YamlMappingNode map ? new YamlMap(map, path) : throw Error(path, "expected a mapping", node);

    public static ProvisioningException Error(string path, string problem, YamlNode? node) =>
        new(path, problem, node is null ? 0 : (int)node.Start.Line);

    public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public YamlNode? Get(string key)
    {
        _read.Add(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    /// <summary>Marks a key as known without reading it (a section owned by another process).</summary>
    public void Ignore(string key) => _read.Add(key);

    public YamlMap? Map(string key) => Get(key) is { } n && !IsNull(n) ? From(n, Child(key)) : null;

    public IReadOnlyList<(YamlNode Node, string Path)> Sequence(string key)
    {
        var node = Get(key);
        if (node is null || IsNull(node))
        {
            return [];
        }

        if (node is not YamlSequenceNode seq)
        {
            throw Error(Child(key), "expected a list", node);
        }

        return seq.Children.Select((n, i) => (n, $"{Child(key)}[{i}]")).ToList();
    }

    public IReadOnlyList<string> StringList(string key) =>
        Sequence(key).Select(e => Scalar(e.Node, e.Path, "expected a string")).ToList();

    public string? String(string key) => Get(key) is { } n && !IsNull(n) ? Scalar(n, Child(key), "expected a string") : null;

    public string RequiredString(string key) =>
        String(key) is { Length: > 0 } s ? s : throw Error(Child(key), "required, expected a non-empty string", Get(key) ?? _node);

    public int Int(string key, int fallback, int min = 0, int max = int.MaxValue)
    {
        var node = Get(key);
        if (node is null || IsNull(node))
        {
            return fallback;
        }

        var text = Scalar(node, Child(key), ExpectedInt(min, max));
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw Error(Child(key), ExpectedInt(min, max), node);
    }

    public long Long(string key, long min, long max)
    {
        var node = Get(key) ?? throw Error(Child(key), "required, expected an integer", _node);
        var text = Scalar(node, Child(key), $"expected integer {min}-{max}");
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw Error(Child(key), $"expected integer {min}-{max}", node);
    }

    public double Number(string key, double fallback, double min, double max)
    {
        var node = Get(key);
        if (node is null || IsNull(node))
        {
            return fallback;
        }

        var text = Scalar(node, Child(key), "expected a number");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw Error(Child(key), $"expected a number {min}-{max}", node);
    }

    public bool Bool(string key, bool fallback)
    {
        var node = Get(key);
        if (node is null || IsNull(node))
        {
            return fallback;
        }

        return Scalar(node, Child(key), "expected true or false") switch
        {
            "true" or "True" or "on" or "yes" => true,
            "false" or "False" or "off" or "no" => false,
            _ => throw Error(Child(key), "expected true or false", node),
        };
    }

    public YamlNode NodeOf(string key) => Get(key) ?? _node;

    public void RejectUnknownKeys()
    {
        foreach (var (key, value) in _node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (!_read.Contains(name))
            {
                throw Error(Child(name), "unknown key", key);
            }
        }
    }

    private static string Scalar(YamlNode node, string path, string expected) =>
        node is YamlScalarNode { Value: { } v } ? v : throw Error(path, expected, node);

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Value: null or "" or "~" or "null", Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) };

    private static string ExpectedInt(int min, int max) =>
        max == int.MaxValue ? $"expected integer >= {min}" : $"expected integer {min}-{max}";
}
