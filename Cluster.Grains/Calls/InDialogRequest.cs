namespace Cluster.Grains.Calls;

/// <summary>
/// A request inside the call as an edge received it: the method, the dialog identifiers it carries (its Call-ID
/// and From tag tell which leg it is on), its CSeq, where it came from, and whether it carries a body (an ACK with
/// SDP answers a late offer).
/// </summary>
[GenerateSerializer]
[Alias("call.in-dialog-request")]
public sealed record InDialogRequest(
    [property: Id(0)] string Method,
    [property: Id(1)] string CallId,
    [property: Id(2)] string FromTag,
    [property: Id(3)] long CSeq,
    [property: Id(4)] string Source,
    [property: Id(5)] long AtMs,
    [property: Id(6)] int Q850Cause = 0);
