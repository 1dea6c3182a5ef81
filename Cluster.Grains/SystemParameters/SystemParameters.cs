namespace Cluster.Grains;

/// <summary>
/// VOS3000-style system parameters, under readable names (the SS_* name is beside each).
/// Defaults are VOS3000's.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties)]
public sealed record SystemParameters
{
    /// <summary>reply_unauthorized (SS_REPLY_UNAUTHORIZED): unknown sources get 401/403 (true) or silence. Default on.</summary>
    public bool ReplyUnauthorized { get; init; } = true;

    /// <summary>authentication_max_retry (SS_AUTHENTICATION_MAX_RETRY). Default 5.</summary>
    public int AuthenticationMaxRetry { get; init; } = 5;

    /// <summary>authentication_failed_suspend (SS_AUTHENTICATION_FAILED_SUSPEND). Default on.</summary>
    public bool AuthenticationFailedSuspend { get; init; } = true;

    /// <summary>sip_authentication_retry (SS_SIP_AUTHENTICATION_RETRY). Default 1.</summary>
    public int SipAuthenticationRetry { get; init; } = 1;

    /// <summary>sip_authentication_timeout_s (SS_SIP_AUTHENTICATION_TIMEOUT). Default 5 s.</summary>
    public int SipAuthenticationTimeoutSeconds { get; init; } = 5;

    /// <summary>endpoint_register_retry (SS_ENDPOINTREGISTERRETRY). Default 6.</summary>
    public int EndpointRegisterRetry { get; init; } = 6;

    /// <summary>endpoint_register_suspend (SS_ENDPOINTREGISTERSUSPEND). Default on.</summary>
    public bool EndpointRegisterSuspend { get; init; } = true;

    /// <summary>endpoint_register_suspend_time_s (SS_ENDPOINTREGISTERSUSPENDTIME). Default 180 s.</summary>
    public int EndpointRegisterSuspendTimeSeconds { get; init; } = 180;

    /// <summary>endpoint_register_replace (SS_ENDPOINT_REGISTER_REPLACE). Default on.</summary>
    public bool EndpointRegisterReplace { get; init; } = true;

    /// <summary>endpoint_max_bindings: coexisting bindings when replace is off (no VOS3000 name). Default 5.</summary>
    public int EndpointMaxBindings { get; init; } = 5;

    /// <summary>endpoint_time_to_live_s (SS_ENDPOINTTIMETOLIVE). Default 60 s.</summary>
    public int EndpointTimeToLiveSeconds { get; init; } = 60;

    /// <summary>tcp_close_reset (SS_TCP_CLOSE_RESET): RST (true) or FIN (false). Default off.</summary>
    public bool TcpCloseReset { get; init; }

    /// <summary>Incremented by every provisioning write; edges compare it to refresh their cache.</summary>
    public long Version { get; init; }

    public static SystemParameters Defaults { get; } = new();
}
