namespace Cluster.Grains.Calls;

/// <summary>
/// The vendor's 2xx: which attempt, the vendor's leg as it now stands, the answer's codecs and when, the call's maximum
/// duration and how often its legs are checked with OPTIONS (0: never).
/// </summary>
[GenerateSerializer]
[Alias("call.answer")]
public sealed record CallAnswer(
    [property: Id(0)] VendorChoice Vendor,
    [property: Id(1)] CallLeg VendorLeg,
    [property: Id(2)] long AnsweredAtMs,
    [property: Id(3)] long ProgressAtMs,
    [property: Id(4)] string CodecsAnswered,
    [property: Id(5)] long MaxDurationMs,
    [property: Id(6)] long DeadCallCheckMs = 0);
