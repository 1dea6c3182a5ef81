namespace Cluster.Grains;

/// <summary>One Contact of a REGISTER that passed authentication.</summary>
/// <param name="Contact">Contact URI, the binding's identity.</param>
/// <param name="Source">Where the REGISTER came from (<c>ip:port</c> and transport), to reach NATed phones.</param>
/// <param name="Expires">Granted lifetime; zero removes the binding.</param>
/// <param name="CallId">Call-ID of the REGISTER.</param>
/// <param name="CSeq">CSeq number; must grow within one Call-ID (RFC 3261 §10.3).</param>
/// <param name="UserAgent">User-Agent header, for ops.</param>
public sealed record RegisterRequest(string Contact, string Source, TimeSpan Expires, string CallId, long CSeq, string? UserAgent = null);
