namespace Cluster.Grains.Calls;

/// <summary>
/// A request to send into one leg: where (ip:port, transport), and the dialog's Request-URI, route set, From, To,
/// Call-ID and CSeq. Built only from the grain's own leg state, so a forged request can never name the target.
/// </summary>
[GenerateSerializer]
[Alias("call.leg-request")]
public sealed record LegRequest(
    [property: Id(0)] string Target,
    [property: Id(1)] string Transport,
    [property: Id(2)] string RequestUri,
    [property: Id(3)] IReadOnlyList<string> RouteSet,
    [property: Id(4)] string From,
    [property: Id(5)] string To,
    [property: Id(6)] string CallId,
    [property: Id(7)] long CSeq,
    [property: Id(8)] bool ToVendor)
{
    public static LegRequest Into(CallLeg leg, long cseq, bool toVendor) =>
        new(leg.Address, leg.Transport, leg.RemoteTarget, leg.RouteSet, leg.Local, leg.Remote, leg.CallId, cseq, toVendor);
}
