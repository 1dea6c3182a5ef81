using System.Globalization;

namespace Cluster.Grains;

/// <summary>Maps <see cref="SystemParameters"/> to the hash fields of <c>sys:{params}</c> (the readable YAML names).</summary>
internal static class SystemParameterFields
{
    public static IEnumerable<KeyValuePair<string, string>> ToFields(SystemParameters p)
    {
        yield return new("reply_unauthorized", Bool(p.ReplyUnauthorized));
        yield return new("authentication_max_retry", Int(p.AuthenticationMaxRetry));
        yield return new("authentication_failed_suspend", Bool(p.AuthenticationFailedSuspend));
        yield return new("sip_authentication_retry", Int(p.SipAuthenticationRetry));
        yield return new("sip_authentication_timeout_s", Int(p.SipAuthenticationTimeoutSeconds));
        yield return new("endpoint_register_retry", Int(p.EndpointRegisterRetry));
        yield return new("endpoint_register_suspend", Bool(p.EndpointRegisterSuspend));
        yield return new("endpoint_register_suspend_time_s", Int(p.EndpointRegisterSuspendTimeSeconds));
        yield return new("endpoint_register_replace", Bool(p.EndpointRegisterReplace));
        yield return new("endpoint_max_bindings", Int(p.EndpointMaxBindings));
        yield return new("endpoint_time_to_live_s", Int(p.EndpointTimeToLiveSeconds));
        yield return new("tcp_close_reset", Bool(p.TcpCloseReset));
    }

    public static SystemParameters FromFields(IReadOnlyDictionary<string, string> f)
    {
        var d = SystemParameters.Defaults;
        return new SystemParameters
        {
            ReplyUnauthorized = GetBool(f, "reply_unauthorized", d.ReplyUnauthorized),
            AuthenticationMaxRetry = GetInt(f, "authentication_max_retry", d.AuthenticationMaxRetry),
            AuthenticationFailedSuspend = GetBool(f, "authentication_failed_suspend", d.AuthenticationFailedSuspend),
            SipAuthenticationRetry = GetInt(f, "sip_authentication_retry", d.SipAuthenticationRetry),
            SipAuthenticationTimeoutSeconds = GetInt(f, "sip_authentication_timeout_s", d.SipAuthenticationTimeoutSeconds),
            EndpointRegisterRetry = GetInt(f, "endpoint_register_retry", d.EndpointRegisterRetry),
            EndpointRegisterSuspend = GetBool(f, "endpoint_register_suspend", d.EndpointRegisterSuspend),
            EndpointRegisterSuspendTimeSeconds = GetInt(f, "endpoint_register_suspend_time_s", d.EndpointRegisterSuspendTimeSeconds),
            EndpointRegisterReplace = GetBool(f, "endpoint_register_replace", d.EndpointRegisterReplace),
            EndpointMaxBindings = GetInt(f, "endpoint_max_bindings", d.EndpointMaxBindings),
            EndpointTimeToLiveSeconds = GetInt(f, "endpoint_time_to_live_s", d.EndpointTimeToLiveSeconds),
            TcpCloseReset = GetBool(f, "tcp_close_reset", d.TcpCloseReset),
            Version = GetInt(f, "version", 0),
        };
    }

    private static string Bool(bool b) => b ? "1" : "0";

    private static string Int(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static bool GetBool(IReadOnlyDictionary<string, string> f, string key, bool fallback) =>
        f.TryGetValue(key, out var v) ? v == "1" : fallback;

    private static int GetInt(IReadOnlyDictionary<string, string> f, string key, int fallback) =>
        f.TryGetValue(key, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out var i) ? i : fallback;
}
