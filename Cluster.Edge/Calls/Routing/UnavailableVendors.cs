using Cluster.Grains;

namespace Cluster.Edge.Calls.Routing;

/// <summary>
/// The routing gateways (vendors) a call could not be offered to, and why: what the customer's 503 says in its
/// <c>Reason</c> header (RFC 3326), so the refusal explains itself in any SIP trace, and what the log names. Pure.
/// </summary>
public sealed class UnavailableVendors
{
    private readonly List<(string Vendor, GatewayAdmission Why)> _skipped = [];

    public bool IsEmpty => _skipped.Count == 0;

    /// <summary>Every vendor skipped was offline by OPTIONS probing (none was merely full).</summary>
    public bool AllOffline => _skipped.Count > 0 && _skipped.TrueForAll(s => s.Why == GatewayAdmission.Offline);

    public IEnumerable<string> Names => _skipped.Select(s => s.Vendor);

    public void Skip(string vendor, GatewayAdmission why) => _skipped.Add((vendor, why));

    /// <summary>e.g. <c>all vendors offline: vendorA, vendorB</c> or <c>no vendor available: vendorA offline, vendorB line limit</c>.</summary>
    public string Text => AllOffline
        ? "all vendors offline: " + string.Join(", ", Names)
        : "no vendor available: " + string.Join(", ", _skipped.Select(s => s.Vendor + " " + Describe(s.Why)));

    /// <summary>The header line, CRLF included: <c>Reason: SIP;cause=503;text="all vendors offline: vendorA, vendorB"</c>.</summary>
    public string ReasonHeaderLine => "Reason: SIP;cause=503;text=\"" + Quoted(Text) + "\"\r\n";

    private static string Describe(GatewayAdmission why) => why switch
    {
        GatewayAdmission.Offline => "offline",
        GatewayAdmission.LinesFull => "line limit",
        GatewayAdmission.CpsExceeded => "CPS limit",
        _ => why.ToString(),
    };

    /// <summary>quoted-string of RFC 3261 §25.1: backslash and quote escaped, and nothing a header line cannot hold.</summary>
    private static string Quoted(string text)
    {
        var quoted = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\');
            }

            quoted.Append(c < ' ' || c == '\u007f' ? '?' : c);
        }

        return quoted.ToString();
    }
}
