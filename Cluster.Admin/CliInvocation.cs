namespace Cluster.Admin;

/// <summary>A parsed command line: global options, the noun and verb, their arguments and flags.</summary>
internal sealed record CliInvocation(
    Uri Silo,
    string? Token,
    bool Json,
    TimeSpan Timeout,
    string Noun,
    string Verb,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Flags)
{
    /// <summary>--csv: print CSV (RFC 4180) instead of a table; only <c>cdr list</c> has it.</summary>
    public bool Csv { get; init; }

    /// <summary>Rejects flags this command does not know.</summary>
    public void AllowFlags(params string[] allowed)
    {
        foreach (var flag in Flags.Keys)
        {
            if (!allowed.Contains(flag))
            {
                throw new UsageException($"{Noun} {Verb}: unknown flag '{flag}'");
            }
        }
    }

    /// <summary>Checks the number of positional arguments; <paramref name="shape"/> is shown in the message.</summary>
    public void Expect(int min, int max, string shape)
    {
        if (Arguments.Count < min || Arguments.Count > max)
        {
            throw new UsageException($"usage: {Noun} {Verb} {shape}".TrimEnd());
        }
    }

    public string? Flag(string name) => Flags.TryGetValue(name, out var v) ? v : null;

    public int? IntFlag(string name, int min, int max)
    {
        if (Flag(name) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException($"{name}: expected a whole number {min}-{max}, got '{text}'");
    }
}
