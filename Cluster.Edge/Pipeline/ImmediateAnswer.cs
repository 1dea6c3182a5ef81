namespace Cluster.Edge.Pipeline;

/// <summary>An answer a handler can give on the receive loop, with no grain call: a final response, or silence.</summary>
public readonly record struct ImmediateAnswer(int StatusCode, string Reason, byte[]? ExtraHeaders, bool Silent)
{
    public static ImmediateAnswer Silence { get; } = new(0, string.Empty, null, true);

    public static ImmediateAnswer Respond(int statusCode, string reason, byte[]? extraHeaders = null) => new(statusCode, reason, extraHeaders, false);
}
