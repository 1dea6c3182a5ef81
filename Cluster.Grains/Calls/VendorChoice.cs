namespace Cluster.Grains.Calls;

/// <summary>
/// A vendor the edge is about to offer the call to: its routing gateway, where the INVITE goes, the number it gets
/// (after its rewrite), the Request-URI, the transport and our address on it (Via sent-by, From host), so any edge can
/// CANCEL that INVITE.
/// </summary>
[GenerateSerializer]
[Alias("call.vendor-choice")]
public sealed record VendorChoice(
    [property: Id(0)] string Vendor,
    [property: Id(1)] string Address,
    [property: Id(2)] string NumberSent,
    [property: Id(3)] string RequestUri,
    [property: Id(4)] int Attempt,
    [property: Id(5)] string Transport = "udp",
    [property: Id(6)] string Host = "");
