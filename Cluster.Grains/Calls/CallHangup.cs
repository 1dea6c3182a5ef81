namespace Cluster.Grains.Calls;

/// <summary>An answered call the cluster ends itself: the BYE into each leg. Null when the call was not up.</summary>
[GenerateSerializer]
[Alias("call.hangup")]
public sealed record CallHangup(
    [property: Id(0)] string CallId,
    [property: Id(1)] LegRequest ToCustomer,
    [property: Id(2)] LegRequest ToVendor,
    [property: Id(3)] long TalkMs);
