namespace Cluster.Edge.Calls.Vendors;

/// <summary>
/// The order SRV targets are tried in. Pure. Lowest priority first (RFC 2782); within a priority, highest weight first,
/// then host and port, instead of RFC 2782's weighted random pick: every edge then tries the same host first, which
/// keeps a vendor's call traces and line counts on one host and lets a test state the order. Weight still says
/// which host is preferred, it just does not spread the load.
/// </summary>
public static class VendorSrvOrder
{
    /// <summary>The targets in trying order, without the "." target (RFC 2782: the service is decidedly not offered there).</summary>
    public static IReadOnlyList<VendorSrvTarget> Order(IEnumerable<VendorSrvTarget> records) =>
        records
            .Where(r => r.Host is not ("" or "."))
            .OrderBy(r => r.Priority)
            .ThenByDescending(r => r.Weight)
            .ThenBy(r => r.Host, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Port)
            .ToList();
}
