namespace Cluster.Silo;

/// <summary>Parses the command line; a pure function so it is tested without starting anything.</summary>
internal static class SiloCommandLine
{
    /// <summary>Returns the options, or null with <paramref name="error"/> set (null error and null options = --help).</summary>
    public static SiloOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        string? config = null;
        var redis = "127.0.0.1:6379";
        var admin = new Uri("http://127.0.0.1:8080");
        var sweep = TimeSpan.FromSeconds(5);
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            if (flag is "-h" or "--help")
            {
                return null;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = flag.StartsWith("--", StringComparison.Ordinal) ? $"{flag} needs a value" : $"unexpected argument '{flag}'";
                return null;
            }

            var value = args[++i];
            switch (flag)
            {
                case "--config":
                    config = value;
                    break;
                case "--redis":
                    redis = value;
                    break;
                case "--admin":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    {
                        error = $"--admin: expected a URL such as http://127.0.0.1:8080, got '{value}'";
                        return null;
                    }

                    admin = uri;
                    break;
                case "--sweep-interval-s":
                    if (!int.TryParse(value, out var s) || s < 1)
                    {
                        error = $"--sweep-interval-s: expected a whole number of seconds >= 1, got '{value}'";
                        return null;
                    }

                    sweep = TimeSpan.FromSeconds(s);
                    break;
                default:
                    error = $"unknown flag '{flag}'";
                    return null;
            }
        }

        if (config is null)
        {
            error = "--config is required";
            return null;
        }

        return new SiloOptions { ConfigPath = config, Redis = redis, Admin = admin, SweepInterval = sweep };
    }
}
