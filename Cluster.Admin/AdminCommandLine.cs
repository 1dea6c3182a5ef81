namespace Cluster.Admin;

/// <summary>Parses <c>[global options] NOUN VERB [args] [flags]</c>; flags may come anywhere. A pure function.</summary>
internal static class AdminCommandLine
{
    // flags that take a value; everything else starting with -- is a switch
    private static readonly HashSet<string> Valued =
        ["--silo", "--token", "--timeout", "--seconds", "--reason", "--limit", "--top", "--max", "--gateway", "--since", "--until"];
    private static readonly HashSet<string> Switches = ["--json", "--csv"];

    /// <summary>The invocation, or null for --help. Throws <see cref="UsageException"/> on a bad command line.</summary>
    public static CliInvocation? Parse(IReadOnlyList<string> args, string? environmentToken)
    {
        var silo = new Uri("http://127.0.0.1:8080");
        var token = string.IsNullOrWhiteSpace(environmentToken) ? null : environmentToken.Trim();
        var json = false;
        var csv = false;
        var timeout = TimeSpan.FromSeconds(10);
        var positional = new List<string>();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a is "-h" or "--help" or "help")
            {
                return null;
            }

            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(a);
                continue;
            }

            var name = a;
            string? inline = null;
            if (a.IndexOf('=') is > 2 and var eq)
            {
                name = a[..eq];
                inline = a[(eq + 1)..];
            }

            if (Switches.Contains(name))
            {
                json |= name == "--json";
                csv |= name == "--csv";
                continue;
            }

            if (!Valued.Contains(name))
            {
                throw new UsageException($"unknown flag '{name}'");
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value"));
            switch (name)
            {
                case "--silo":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    {
                        throw new UsageException($"--silo: expected a URL such as http://127.0.0.1:8080, got '{value}'");
                    }

                    silo = uri;
                    break;
                case "--token":
                    token = value.Length > 0 ? value : null;
                    break;
                case "--timeout":
                    timeout = int.TryParse(value, out var s) && s is >= 1 and <= 600
                        ? TimeSpan.FromSeconds(s)
                        : throw new UsageException($"--timeout: expected seconds 1-600, got '{value}'");
                    break;
                default:
                    flags[name] = value;
                    break;
            }
        }

        if (positional.Count == 0)
        {
            return null;
        }

        if (positional.Count < 2)
        {
            throw new UsageException($"'{positional[0]}' needs a verb; see --help");
        }

        if (json && csv)
        {
            throw new UsageException("--json and --csv: choose one");
        }

        return new CliInvocation(silo, token, json, timeout, positional[0], positional[1], positional.Skip(2).ToList(), flags) { Csv = csv };
    }
}
