namespace Cluster.Edge.Configuration;

/// <summary>
/// A config file the edge cannot start with. The message names the file, the key (dotted, e.g.
/// <c>edge.tcp_idle_timeout_s</c>) and the line, so an operator can fix it without reading code.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string file, string? key, int? line, string problem, Exception? inner = null)
        : base(Format(file, key, line, problem), inner)
    {
        File = file;
        Key = key;
        Line = line;
        Problem = problem;
    }

    public string File { get; }

    /// <summary>The dotted key, or null when the problem is not a key's (missing file, syntax error).</summary>
    public string? Key { get; }

    /// <summary>1-based line, or null when there is none (missing file).</summary>
    public int? Line { get; }

    public string Problem { get; }

    private static string Format(string file, string? key, int? line, string problem)
    {
        var where = line is { } l ? $"{file}:{l}" : file;
        return key is null ? $"{where}: {problem}" : $"{where}: {key}: {problem}";
    }
}
