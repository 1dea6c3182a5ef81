using System.Text.RegularExpressions;

namespace Cluster.Tests.Clients;

/// <summary>
/// Reads baresip's SIP trace (<c>baresip -s</c>) line by line. Each message is printed as a <c>#</c> line, a
/// <c>TRANSPORT FROM -> TO</c> line, the start line and the headers, wrapped in colour codes. A matcher accepts the
/// CSeq line of a response with the given status to the given method that came from a given address, so a test
/// can await, say, "the edge's 200 OK to my BYE". One matcher per wait: it keeps the state of the message it is in,
/// and <see cref="Infrastructure.ProcessLog"/> feeds it the lines in order.
/// </summary>
public static partial class BaresipTrace
{
    public static Func<string, bool> Response(string from, int status, string method)
    {
        var inMessage = false;
        var expectStartLine = false;
        var matches = false;
        return raw =>
        {
            var line = Colours().Replace(raw, string.Empty).Trim();
            var direction = Direction().Match(line);
            if (direction.Success)
            {
                inMessage = true;
                expectStartLine = true;
                matches = direction.Groups["from"].Value == from;
                return false;
            }

            if (!inMessage)
            {
                return false;
            }

            if (expectStartLine)
            {
                expectStartLine = false;
                matches &= line.StartsWith($"SIP/2.0 {status} ", StringComparison.Ordinal);
                return false;
            }

            if (line.Length == 0)
            {
                inMessage = false;
                return false;
            }

            var cseq = CSeq().Match(line);
            return matches && cseq.Success && cseq.Groups["method"].Value == method;
        };
    }

    /// <summary>Whether a trace line is the start line of a response with this status (e.g. a 407 challenge).</summary>
    public static bool IsStatusLine(string raw, int status) =>
        Colours().Replace(raw, string.Empty).Trim().StartsWith($"SIP/2.0 {status} ", StringComparison.Ordinal);

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Colours();

    [GeneratedRegex(@"^(UDP|TCP) (?<from>\S+) -> (?<to>\S+)$")]
    private static partial Regex Direction();

    [GeneratedRegex(@"^CSeq:\s*\d+\s+(?<method>[A-Z]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex CSeq();
}
