using Cluster.Grains;

namespace Cluster.Silo;

/// <summary>The system parameters ops may read and set, under both their readable and SS_* names.</summary>
internal static class SystemParameterCatalog
{
    public static IReadOnlyList<SystemParameterEntry> All { get; } =
    [
        Switch("reply_unauthorized", "SS_REPLY_UNAUTHORIZED", p => p.ReplyUnauthorized, (p, v) => p with { ReplyUnauthorized = v }),
        Number("authentication_max_retry", "SS_AUTHENTICATION_MAX_RETRY", 1, 100, p => p.AuthenticationMaxRetry, (p, v) => p with { AuthenticationMaxRetry = v }),
        Switch("authentication_failed_suspend", "SS_AUTHENTICATION_FAILED_SUSPEND", p => p.AuthenticationFailedSuspend, (p, v) => p with { AuthenticationFailedSuspend = v }),
        Number("sip_authentication_retry", "SS_SIP_AUTHENTICATION_RETRY", 0, 10, p => p.SipAuthenticationRetry, (p, v) => p with { SipAuthenticationRetry = v }),
        Number("sip_authentication_timeout_s", "SS_SIP_AUTHENTICATION_TIMEOUT", 1, 300, p => p.SipAuthenticationTimeoutSeconds, (p, v) => p with { SipAuthenticationTimeoutSeconds = v }),
        Number("endpoint_register_retry", "SS_ENDPOINTREGISTERRETRY", 1, 100, p => p.EndpointRegisterRetry, (p, v) => p with { EndpointRegisterRetry = v }),
        Switch("endpoint_register_suspend", "SS_ENDPOINTREGISTERSUSPEND", p => p.EndpointRegisterSuspend, (p, v) => p with { EndpointRegisterSuspend = v }),
        Number("endpoint_register_suspend_time_s", "SS_ENDPOINTREGISTERSUSPENDTIME", 1, 86_400, p => p.EndpointRegisterSuspendTimeSeconds, (p, v) => p with { EndpointRegisterSuspendTimeSeconds = v }),
        Switch("endpoint_register_replace", "SS_ENDPOINT_REGISTER_REPLACE", p => p.EndpointRegisterReplace, (p, v) => p with { EndpointRegisterReplace = v }),
        Number("endpoint_max_bindings", string.Empty, 1, 100, p => p.EndpointMaxBindings, (p, v) => p with { EndpointMaxBindings = v }),
        Number("endpoint_time_to_live_s", "SS_ENDPOINTTIMETOLIVE", 0, 86_400, p => p.EndpointTimeToLiveSeconds, (p, v) => p with { EndpointTimeToLiveSeconds = v }),
        Switch("tcp_close_reset", "SS_TCP_CLOSE_RESET", p => p.TcpCloseReset, (p, v) => p with { TcpCloseReset = v }),
    ];

    /// <summary>Finds a parameter by readable name or SS_* name, case-insensitively.</summary>
    public static SystemParameterEntry? Find(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)
                                || (e.SsName.Length > 0 && string.Equals(e.SsName, name, StringComparison.OrdinalIgnoreCase)));

    private static SystemParameterEntry Switch(string name, string ss, Func<SystemParameters, bool> get, Func<SystemParameters, bool, SystemParameters> with) =>
        new(name, ss, true, 0, 1, p => get(p) ? 1 : 0, (p, v) => with(p, v == 1));

    private static SystemParameterEntry Number(string name, string ss, int min, int max, Func<SystemParameters, int> get, Func<SystemParameters, int, SystemParameters> with) =>
        new(name, ss, false, min, max, get, with);
}
