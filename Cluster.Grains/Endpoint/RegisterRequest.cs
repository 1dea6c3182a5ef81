namespace Cluster.Grains;

/// <summary>One Contact of a REGISTER that passed authentication.</summary>
/// <param name="Contact">Contact URI, the binding's identity.</param>
/// <param name="Source">Where the REGISTER came from (<c>ip:port</c> and transport), to reach NATed phones.</param>
/// <param name="Expires">Granted lifetime; zero removes the binding.</param>
/// <param name="CallId">Call-ID of the REGISTER.</param>
/// <param name="CSeq">CSeq number; must grow within one Call-ID (RFC 3261 §10.3).</param>
/// <param name="UserAgent">User-Agent header, for ops.</param>
[GenerateSerializer, Immutable, Alias("ep.RegisterRequest")]
public sealed record RegisterRequest(string Contact, string Source, TimeSpan Expires, string CallId, long CSeq, string? UserAgent = null)
{
    /// <summary>Digest nonce of the Authorization that proved this request; empty when none is checked.</summary>
    [Id(10)]
    public string Nonce { get; init; } = string.Empty;

    /// <summary>Its nonce-count; the turn refuses a count not above one already spent on that nonce.</summary>
    [Id(11)]
    public long NonceCount { get; init; }

    /// <summary>How long a spent nonce is remembered (its remaining validity).</summary>
    [Id(12)]
    public TimeSpan NonceMemory { get; init; } = TimeSpan.FromMinutes(5);
}
