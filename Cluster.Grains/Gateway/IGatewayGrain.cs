namespace Cluster.Grains;

/// <summary>
/// One grain per gateway (<c>gw:{name}</c> plus its lease set): CPS bucket, line leases per
/// Call-ID, ASR/ACD statistics and online state. Mapping and routing gateways share it.
/// </summary>
public interface IGatewayGrain
{
    /// <summary>Takes a line (leased to <paramref name="callId"/>) and a CPS token, or refuses.</summary>
    Task<GatewayAdmitVerdict> AdmitAsync(string callId, DateTimeOffset now);

    /// <summary>
    /// As <see cref="AdmitAsync"/>, but a gateway that OPTIONS probes took offline refuses with
    /// <see cref="GatewayAdmission.Offline"/> (routing skips it). One more field read in the same turn.
    /// </summary>
    Task<GatewayAdmitVerdict> AdmitOnlineAsync(string callId, DateTimeOffset now);

    /// <summary>Frees the call's line and records its outcome. False when the call held no line.</summary>
    Task<bool> ReleaseAsync(string callId, CallOutcome outcome, TimeSpan duration, DateTimeOffset now);

    /// <summary>
    /// Records an answered call (on its mapping gateway): its line is kept until <paramref name="dueAt"/> +
    /// <paramref name="grace"/>, and at <paramref name="dueAt"/> the call is due for hang-up. False when the
    /// call no longer holds a line (a BYE overtook the answer): nothing is recorded.
    /// </summary>
    Task<bool> AnsweredAsync(AnsweredCall call, DateTimeOffset dueAt, TimeSpan grace, DateTimeOffset now);

    /// <summary>
    /// Answered calls past their maximum duration, at most <paramref name="max"/>, each claimed for
    /// <paramref name="retryAfter"/> (it comes due again if it is not released by then).
    /// </summary>
    Task<IReadOnlyList<AnsweredCall>> ClaimOverdueAsync(DateTimeOffset now, TimeSpan retryAfter, int max);

    /// <summary>Answered calls recorded on this (mapping) gateway, soonest due first, at most <paramref name="max"/>. Read-only.</summary>
    Task<IReadOnlyList<DueCall>> ListAnsweredAsync(DateTimeOffset now, int max);

    /// <summary>Makes an answered call due now, so the silo's reminder hangs it up at its next tick. False when no such call is up.</summary>
    Task<bool> HangupNowAsync(string callId, DateTimeOffset now);

    /// <summary>Feeds one OPTIONS probe result into the online state.</summary>
    Task<ProbeVerdict> ProbeResultAsync(bool ok, TimeSpan rtt, DateTimeOffset now);

    Task<GatewayStats> StatsAsync(DateTimeOffset now);

    /// <summary>Frees leases past their expiry (the silo's reminder). Returns how many.</summary>
    Task<int> ExpireLeasesAsync(DateTimeOffset now);
}
