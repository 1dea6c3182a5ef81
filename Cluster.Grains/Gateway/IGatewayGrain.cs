using Orleans.Concurrency;

namespace Cluster.Grains;

/// <summary>
/// One grain per gateway name (mapping and routing gateways share it; gateways are few): CPS bucket, line leases
/// per Call-ID, answered calls due for hang-up, ASR/ACD statistics and online state. Line leases and answered
/// calls are durable (<c>gw:{name}:lines</c>, <c>:due</c>, <c>:calls</c>), written before the answer.
/// </summary>
public interface IGatewayGrain : IGrainWithStringKey
{
    /// <summary>Takes a line (leased to <paramref name="callId"/>) and a CPS token, or refuses.</summary>
    Task<GatewayAdmitVerdict> AdmitAsync(string callId, DateTimeOffset now);

    /// <summary>
    /// As <see cref="AdmitAsync"/>, but a gateway that OPTIONS probes took offline refuses with
    /// <see cref="GatewayAdmission.Offline"/> (routing skips it).
    /// </summary>
    Task<GatewayAdmitVerdict> AdmitOnlineAsync(string callId, DateTimeOffset now);

    /// <summary>
    /// A new call on this mapping gateway: <see cref="AdmitAsync"/> here and, once this gateway gave a line,
    /// <see cref="AdmitOnlineAsync"/> on the routing gateway <paramref name="vendor"/>, grain to grain. One round trip
    /// from the edge instead of two; the limits are each gateway's own, as with the two calls.
    /// </summary>
    Task<CallAdmitVerdict> AdmitCallAsync(string callId, string vendor, DateTimeOffset now);

    /// <summary>Frees the call's line and records its outcome. False when the call held no line.</summary>
    Task<bool> ReleaseAsync(string callId, CallOutcome outcome, TimeSpan duration, DateTimeOffset now);

    /// <summary>
    /// An ended call: <see cref="ReleaseAsync"/> here (its mapping gateway) and on the routing gateway
    /// <paramref name="vendor"/>, grain to grain, in one round trip from the edge. Raises when either grain is away;
    /// a lease left behind then expires by itself.
    /// </summary>
    Task ReleaseCallAsync(string callId, string vendor, CallOutcome outcome, TimeSpan duration, DateTimeOffset now);

    /// <summary>
    /// Records an answered call (on its mapping gateway): its line is kept until <paramref name="dueAt"/> +
    /// <paramref name="grace"/>, and at <paramref name="dueAt"/> the grain's timer hangs it up. False when the
    /// call no longer holds a line (a BYE overtook the answer): nothing is recorded.
    /// </summary>
    Task<bool> AnsweredAsync(AnsweredCall call, DateTimeOffset dueAt, TimeSpan grace, DateTimeOffset now);

    /// <summary>
    /// Answered calls past their maximum duration, at most <paramref name="max"/>, each claimed for
    /// <paramref name="retryAfter"/> (it comes due again if it is not released by then). The grain's own timer
    /// claims and hangs up; this is for tests and tools.
    /// </summary>
    Task<IReadOnlyList<AnsweredCall>> ClaimOverdueAsync(DateTimeOffset now, TimeSpan retryAfter, int max);

    /// <summary>Answered calls recorded on this (mapping) gateway, soonest due first, at most <paramref name="max"/>.</summary>
    [ReadOnly]
    Task<IReadOnlyList<DueCall>> ListAnsweredAsync(DateTimeOffset now, int max);

    /// <summary>The calls holding a line on this gateway now (ringing or answered), by id, at most <paramref name="max"/>.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> ListCallsAsync(int max);

    /// <summary>Feeds one OPTIONS probe result into the online state.</summary>
    Task<ProbeVerdict> ProbeResultAsync(bool ok, TimeSpan rtt, DateTimeOffset now);

    [ReadOnly]
    Task<GatewayStats> StatsAsync(DateTimeOffset now);

    /// <summary>Frees leases past their expiry (the grain's timer does it every few seconds). Returns how many.</summary>
    Task<int> ExpireLeasesAsync(DateTimeOffset now);

    /// <summary>Activates the grain (the silo calls it for every provisioned gateway at start), so its timers run without traffic.</summary>
    [ReadOnly]
    Task PingAsync();
}
