namespace Cluster.Grains.Calls;

/// <summary>
/// The grain's answer to an offer: the customer's and first vendor's admission, or <see cref="Duplicate"/> when the
/// call is already known (its INVITE retransmitted to another edge): that edge then leaves it alone.
/// </summary>
[GenerateSerializer]
[Alias("call.offer-verdict")]
public sealed record CallOfferVerdict(
    [property: Id(0)] CallAdmitVerdict? Admission,
    [property: Id(1)] bool Duplicate = false);
