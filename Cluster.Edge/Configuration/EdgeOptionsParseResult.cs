namespace Cluster.Edge.Configuration;

/// <summary>Either parsed <see cref="EdgeOptions"/> or the reason the command line was refused.</summary>
public readonly record struct EdgeOptionsParseResult(EdgeOptions? Options, string? Error)
{
    public static EdgeOptionsParseResult Ok(EdgeOptions options) => new(options, null);

    public static EdgeOptionsParseResult Fail(string error) => new(null, error);
}
