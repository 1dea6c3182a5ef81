using Cluster.Edge.Sip;
using Cluster.Grains.Calls;
using Cluster.Grains.Cdr;

namespace Cluster.Edge.Calls;

/// <summary>
/// How routing a call ended: answered (the 2xx is relayed and the call is up), or failed with the status the customer
/// gets, the vendor's final response to copy when there is one, our own Reason header otherwise, and the last
/// attempt for the CDR.
/// </summary>
internal sealed record CallResult(
    bool Answered,
    int Status,
    string Reason,
    SipMessage? VendorResponse,
    string? ReasonHeader,
    int Q850Cause,
    CallReleaser ReleasedBy,
    AttemptResult? LastAttempt)
{
    public static readonly CallResult Up = new(true, 200, "OK", null, null, 0, CallReleaser.Caller, null);

    public static CallResult Failed(int status, string reason, CallReleaser releasedBy, AttemptResult? last = null, string? reasonHeader = null) =>
        new(false, status, reason, null, reasonHeader, last?.Q850Cause ?? 0, releasedBy, last);
}
