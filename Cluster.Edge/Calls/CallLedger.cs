using Cluster.Grains;

namespace Cluster.Edge.Calls;

/// <summary>
/// Line leases and call outcomes on the gateway grains: what must outlive any edge. Releasing twice is
/// harmless (the second finds no lease and counts nothing), so a BYE seen by two edges is fine.
/// </summary>
internal sealed class CallLedger(IClusterGrains grains, TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    public Task<GatewayAdmitVerdict> AdmitAsync(string gateway, string callId) =>
        grains.GetGatewayGrain(gateway).AdmitAsync(callId, Now);

    /// <summary>A new call: its mapping gateway's admission and, when that gave a line, the first vendor's, in one grain call.</summary>
    public Task<CallAdmitVerdict> AdmitCallAsync(string mapping, string vendor, string callId) =>
        grains.GetGatewayGrain(mapping).AdmitCallAsync(callId, vendor, Now);

    /// <summary>A routing gateway's admission: also refused while OPTIONS probes hold it offline.</summary>
    public Task<GatewayAdmitVerdict> AdmitVendorAsync(string gateway, string callId) =>
        grains.GetGatewayGrain(gateway).AdmitOnlineAsync(callId, Now);

    /// <summary>How long an answered call's lines outlive its maximum duration, should its hang-up fail.</summary>
    public static readonly TimeSpan HangupGrace = TimeSpan.FromMinutes(1);

    /// <summary>Records the answered call on its mapping gateway, due for hang-up after <paramref name="maxDuration"/>.</summary>
    public Task<bool> AnsweredAsync(AnsweredCall call, TimeSpan maxDuration) =>
        grains.GetGatewayGrain(call.Mapping).AnsweredAsync(
            call, DateTimeOffset.FromUnixTimeMilliseconds(call.AnsweredAtMs) + maxDuration, HangupGrace, Now);

    public Task ReleaseAsync(string gateway, string callId, CallOutcome outcome, TimeSpan duration) =>
        grains.GetGatewayGrain(gateway).ReleaseAsync(callId, outcome, duration, Now);

    /// <summary>An ended call's two leases, in one grain call (the mapping gateway's grain releases the routing one's).</summary>
    public Task ReleaseBothAsync(string mapping, string routing, string callId, CallOutcome outcome, TimeSpan duration) =>
        grains.GetGatewayGrain(mapping).ReleaseCallAsync(callId, routing, outcome, duration, Now);

    /// <summary>How a final status counts for ASR.</summary>
    public static CallOutcome OutcomeOf(int status) => status switch
    {
        >= 200 and < 300 => CallOutcome.Answered,
        486 or 600 => CallOutcome.Busy,
        487 => CallOutcome.Cancelled,
        408 or 480 => CallOutcome.NoAnswer,
        _ => CallOutcome.Failed,
    };
}
