namespace Cluster.Grains.Calls;

/// <summary>
/// A CANCEL of the call from any edge: whether the call is still ringing and, when a vendor is being offered it, that
/// INVITE's identity (vendor, Request-URI, Via sent-by and attempt), so the cancelling edge can send the vendor a
/// CANCEL matching it (§9.1). The edge that routes the INVITE then relays the vendor's 487 and tries no one else.
/// </summary>
[GenerateSerializer]
[Alias("call.cancel-verdict")]
public sealed record CancelVerdict(
    [property: Id(0)] bool Ringing,
    [property: Id(1)] VendorChoice? Attempt,
    [property: Id(2)] string CallerNumber);
