namespace Cluster.Edge.Calls.Vendors;

/// <summary>One SRV record's target (RFC 2782): the host to look up, its port, priority and weight.</summary>
public sealed record VendorSrvTarget(string Host, int Port, int Priority, int Weight);
