namespace Cluster.Grains.Calls;

/// <summary>
/// A new INVITE as the edge saw it: the customer, the numbers, the customer's leg, the first vendor to admit with the
/// customer (null when no vendor is dialable), the edge's address (the Via sent-by of our INVITEs, for CANCEL) and how
/// long one routing step may last: a call that hears nothing from its edge for that long is ended by the grain itself.
/// </summary>
[GenerateSerializer]
[Alias("call.offer")]
public sealed record CallOffer(
    [property: Id(0)] string Customer,
    [property: Id(1)] string Account,
    [property: Id(2)] string CallerNumber,
    [property: Id(3)] string CalleeDialled,
    [property: Id(4)] CallLeg CustomerLeg,
    [property: Id(5)] VendorChoice? FirstVendor,
    [property: Id(6)] string EdgeAddress,
    [property: Id(7)] long InviteAtMs,
    [property: Id(8)] long RoutingLeaseMs,
    [property: Id(9)] string CodecsOffered,
    [property: Id(10)] bool LateOffer);
