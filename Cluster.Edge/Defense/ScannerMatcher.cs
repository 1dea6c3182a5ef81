using System.Text;

namespace Cluster.Edge.Defense;

/// <summary>
/// Finds scanner User-Agents (friendly-scanner, sipvicious, …) as case-insensitive substrings, on
/// bytes: it runs for every request, so no string is made of the header.
/// </summary>
public sealed class ScannerMatcher(IEnumerable<string> patterns)
{
    private const int MaxExamined = 256;

    private readonly byte[][] _patterns = patterns
        .Where(p => p.Length > 0)
        .Select(p => Encoding.ASCII.GetBytes(p.ToLowerInvariant()))
        .ToArray();

    public bool Matches(ReadOnlySpan<byte> userAgent)
    {
        if (userAgent.IsEmpty || _patterns.Length == 0)
        {
            return false;
        }

        // Scanners announce themselves at the start; a longer header is examined up to the cap.
        Span<byte> lower = stackalloc byte[Math.Min(userAgent.Length, MaxExamined)];
        for (var i = 0; i < lower.Length; i++)
        {
            var b = userAgent[i];
            lower[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }

        foreach (var pattern in _patterns)
        {
            if (lower.IndexOf(pattern) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
