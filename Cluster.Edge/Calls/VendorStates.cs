using System.Collections.Concurrent;

namespace Cluster.Edge.Calls;

/// <summary>
/// What this edge last saw of each routing gateway at admission: offline (OPTIONS probes took it out) or not. It
/// turns "this call found vendorA offline" into "vendorA went offline", so the log says each change once instead
/// of once per call. Calls race on it; each change of a vendor's state is claimed by exactly one of them.
/// </summary>
internal sealed class VendorStates
{
    // Bounded by the provisioned vendors: only names that admission returned are ever added.
    private readonly ConcurrentDictionary<string, bool> _offline = new(StringComparer.Ordinal);

    /// <summary>Records that <paramref name="vendor"/> refused a call as offline; true when that is news.</summary>
    public bool SawOffline(string vendor) => _offline.TryAdd(vendor, true) || _offline.TryUpdate(vendor, true, false);

    /// <summary>Records that <paramref name="vendor"/> is online (it admitted or was merely full); true when it was offline.</summary>
    public bool SawOnline(string vendor) => _offline.TryUpdate(vendor, false, true);
}
