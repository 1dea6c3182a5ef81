using System.Text;
using Cluster.Edge.Sip;

namespace Cluster.Edge.Calls.Legs;

/// <summary>The Q.850 cause of a message's Reason header (RFC 3326: <c>Reason: Q.850;cause=16;text="…"</c>), 0 when none.</summary>
public static class Q850
{
    public static int CauseOf(SipMessage message)
    {
        for (var i = message.IndexOf(SipHeaderName.Reason); i >= 0; i = message.IndexOf(SipHeaderName.Reason, i + 1))
        {
            foreach (var element in Encoding.ASCII.GetString(message.Header(i).Value).Split(','))
            {
                var parts = element.Split(';', StringSplitOptions.TrimEntries);
                if (!parts[0].Equals("Q.850", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                foreach (var p in parts.Skip(1))
                {
                    if (p.StartsWith("cause=", StringComparison.OrdinalIgnoreCase)
                        && int.TryParse(p.AsSpan(6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cause)
                        && cause is > 0 and < 128)
                    {
                        return cause;
                    }
                }
            }
        }

        return 0;
    }
}
