namespace Cluster.Grains;

/// <summary>
/// Verdict of <see cref="IGatewayGrain.AdmitCallAsync"/>: the mapping gateway's, and the first routing gateway's when
/// the mapping gateway gave a line (null otherwise). <see cref="VendorUnreachable"/>: the mapping gateway's line is
/// held but the routing gateway's grain did not answer; the edge treats that as the cluster being away and releases.
/// </summary>
[GenerateSerializer]
[Alias("gateway.call-admit-verdict")]
public sealed record CallAdmitVerdict(
    GatewayAdmitVerdict Customer,
    GatewayAdmitVerdict? Vendor,
    bool VendorUnreachable = false);
