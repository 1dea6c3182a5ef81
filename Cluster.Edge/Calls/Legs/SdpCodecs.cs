using System.Text;

namespace Cluster.Edge.Calls.Legs;

/// <summary>
/// The codec names of an SDP body's first audio stream, in its order (RFC 4566 m= line; names from a=rtpmap, else the
/// static payload types of RFC 3551), for the CDR: <c>PCMU PCMA telephone-event</c>. Empty without SDP.
/// </summary>
public static class SdpCodecs
{
    private static readonly Dictionary<string, string> s_static = new(StringComparer.Ordinal)
    {
        ["0"] = "PCMU", ["3"] = "GSM", ["4"] = "G723", ["8"] = "PCMA", ["9"] = "G722", ["18"] = "G729",
    };

    public static string Names(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty || body.Length > 16_384)
        {
            return string.Empty;
        }

        string[]? payloads = null;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in Encoding.UTF8.GetString(body).Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (payloads is null && line.StartsWith("m=audio ", StringComparison.Ordinal))
            {
                payloads = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).ToArray();
            }
            else if (line.StartsWith("a=rtpmap:", StringComparison.Ordinal))
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space > 9)
                {
                    var name = line[(space + 1)..];
                    var slash = name.IndexOf('/', StringComparison.Ordinal);
                    names.TryAdd(line[9..space], slash > 0 ? name[..slash] : name);
                }
            }
        }

        if (payloads is null)
        {
            return string.Empty;
        }

        return string.Join(' ', payloads.Select(p => names.TryGetValue(p, out var n) ? n : s_static.TryGetValue(p, out var s) ? s : p));
    }
}
