using System.Text.Json;

namespace Cluster.Tests.Clients;

/// <summary>One registration binding as the admin CLI shows it (<c>endpoint show USER --json</c>).</summary>
public sealed record ClientBinding(string Contact, string Source, DateTimeOffset ExpiresAt, string CallId, long CSeq, string UserAgent)
{
    public static ClientBinding FromJson(JsonElement binding) => new(
        binding.GetProperty("contact").GetString()!,
        binding.GetProperty("source").GetString()!,
        binding.GetProperty("expiresAt").GetDateTimeOffset(),
        binding.GetProperty("callId").GetString()!,
        binding.GetProperty("cSeq").GetInt64(),
        binding.TryGetProperty("userAgent", out var agent) ? agent.GetString() ?? string.Empty : string.Empty);
}
