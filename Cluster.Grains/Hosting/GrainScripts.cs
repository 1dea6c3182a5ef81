namespace Cluster.Grains.Hosting;

/// <summary>Every grain turn the cluster runs; loaded once per process.</summary>
internal static class GrainScripts
{
    public static readonly GrainScript SourceIpAdmit = GrainScript.Load("source_ip_admit");
    public static readonly GrainScript SourceIpAuthFailed = GrainScript.Load("source_ip_auth_failed");
    public static readonly GrainScript SourceIpBlock = GrainScript.Load("source_ip_block");
    public static readonly GrainScript SourceIpUnblock = GrainScript.Load("source_ip_unblock");
    public static readonly GrainScript SourceIpGet = GrainScript.Load("source_ip_get");
    public static readonly GrainScript EndpointRegister = GrainScript.Load("endpoint_register");
    public static readonly GrainScript EndpointRegisterFailed = GrainScript.Load("endpoint_register_failed");
    public static readonly GrainScript EndpointUnregister = GrainScript.Load("endpoint_unregister");
    public static readonly GrainScript EndpointKeepalive = GrainScript.Load("endpoint_keepalive");
    public static readonly GrainScript EndpointGet = GrainScript.Load("endpoint_get");
    public static readonly GrainScript EndpointUnsuspend = GrainScript.Load("endpoint_unsuspend");
    public static readonly GrainScript GatewayAdmit = GrainScript.Load("gateway_admit");
    public static readonly GrainScript GatewayRelease = GrainScript.Load("gateway_release");
    public static readonly GrainScript GatewayProbe = GrainScript.Load("gateway_probe");
    public static readonly GrainScript GatewayStats = GrainScript.Load("gateway_stats");
    public static readonly GrainScript GatewaySweep = GrainScript.Load("gateway_sweep");
    public static readonly GrainScript SystemWrite = GrainScript.Load("system_write");
    public static readonly GrainScript SystemGet = GrainScript.Load("system_get");
    public static readonly GrainScript SystemTouch = GrainScript.Load("system_touch");
    public static readonly GrainScript ReminderLock = GrainScript.Load("reminder_lock");
    public static readonly GrainScript ReminderUnlock = GrainScript.Load("reminder_unlock");

    public static IReadOnlyList<GrainScript> All { get; } =
    [
        SourceIpAdmit, SourceIpAuthFailed, SourceIpBlock, SourceIpUnblock, SourceIpGet,
        EndpointRegister, EndpointRegisterFailed, EndpointUnregister, EndpointKeepalive, EndpointGet, EndpointUnsuspend,
        GatewayAdmit, GatewayRelease, GatewayProbe, GatewayStats, GatewaySweep,
        SystemWrite, SystemGet, SystemTouch, ReminderLock, ReminderUnlock,
    ];
}
