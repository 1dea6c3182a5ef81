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

    /// <summary>Feeds one OPTIONS probe result into the online state.</summary>
    Task<ProbeVerdict> ProbeResultAsync(bool ok, TimeSpan rtt, DateTimeOffset now);

    Task<GatewayStats> StatsAsync(DateTimeOffset now);

    /// <summary>Frees leases past their expiry (the silo's reminder). Returns how many.</summary>
    Task<int> ExpireLeasesAsync(DateTimeOffset now);
}
