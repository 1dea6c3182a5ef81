namespace Cluster.Grains.Calls;

/// <summary>
/// The next vendor's admission, or <see cref="Cancelled"/> when the customer cancelled meanwhile (through any edge):
/// no further vendor is offered the call.
/// </summary>
[GenerateSerializer]
[Alias("call.next-vendor-verdict")]
public sealed record NextVendorVerdict(
    [property: Id(0)] GatewayAdmitVerdict? Admission,
    [property: Id(1)] bool Cancelled);
