using Cluster.Grains.Provisioning;

namespace Cluster.Edge.Calls.Routing;

/// <summary>
/// Which routing gateways (vendors) may carry a dialled number: those whose prefix is the longest one
/// matching the number, lowest priority value first, provisioning order breaking ties. Pure.
/// </summary>
public static class RouteSelection
{
    /// <summary>The dialled number of a Request-URI user part: visual separators and a leading '+' dropped.</summary>
    public static string NormalizeNumber(ReadOnlySpan<char> user)
    {
        Span<char> digits = stackalloc char[Math.Min(user.Length, 64)];
        var n = 0;
        foreach (var c in user)
        {
            if (c == ';')
            {
                break;
            }

            if (c is '-' or '.' or '(' or ')' || (c == '+' && n == 0))
            {
                continue;
            }

            if (n == digits.Length)
            {
                break;
            }

            digits[n++] = c;
        }

        return new string(digits[..n]);
    }

    public static IReadOnlyList<RoutingGateway> Candidates(IReadOnlyList<RoutingGateway> gateways, string number)
    {
        var best = -1;
        foreach (var gateway in gateways)
        {
            foreach (var prefix in gateway.Prefixes)
            {
                if (prefix.Length > best && number.StartsWith(prefix, StringComparison.Ordinal))
                {
                    best = prefix.Length;
                }
            }
        }

        if (best < 0)
        {
            return [];
        }

        var matched = new List<(RoutingGateway Gateway, int Order)>();
        for (var i = 0; i < gateways.Count; i++)
        {
            foreach (var prefix in gateways[i].Prefixes)
            {
                if (prefix.Length == best && number.StartsWith(prefix, StringComparison.Ordinal))
                {
                    matched.Add((gateways[i], i));
                    break;
                }
            }
        }

        matched.Sort((a, b) => a.Gateway.Priority != b.Gateway.Priority ? a.Gateway.Priority.CompareTo(b.Gateway.Priority) : a.Order.CompareTo(b.Order));
        return [.. matched.Select(m => m.Gateway)];
    }
}
