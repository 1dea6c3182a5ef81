namespace Cluster.Grains.Calls;

/// <summary>A live call as <c>calls list</c> / <c>calls show</c> print it.</summary>
[GenerateSerializer]
[Alias("call.view")]
public sealed record CallView(
    [property: Id(0)] string CallId,
    [property: Id(1)] CallState State,
    [property: Id(2)] string Customer,
    [property: Id(3)] string Vendor,
    [property: Id(4)] string CallerNumber,
    [property: Id(5)] string CalleeDialled,
    [property: Id(6)] string CalleeSent,
    [property: Id(7)] long InviteAtMs,
    [property: Id(8)] long AnsweredAtMs,
    [property: Id(9)] long MaxDurationMs,
    [property: Id(10)] string CustomerAddress,
    [property: Id(11)] string VendorAddress,
    [property: Id(12)] int Attempts);
