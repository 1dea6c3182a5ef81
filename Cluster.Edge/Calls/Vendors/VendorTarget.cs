using System.Net;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Calls.Vendors;

/// <summary>
/// Where a vendor's requests go: the endpoints to try, first to last (RFC 3263 §4.2: SRV order, then each target's
/// A and AAAA answers in the order the name server gave them), over <see cref="Transport"/>.
/// </summary>
public sealed record VendorTarget(IReadOnlyList<IPEndPoint> EndPoints, SipTransportKind Transport);
