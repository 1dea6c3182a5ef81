namespace Cluster.Grains.Provisioning;

/// <summary>How a mapping gateway's calls are authenticated (VOS3000 "call authentication mode").</summary>
public enum GatewayAuthMode
{
    /// <summary><c>ip</c>: the source address must match. Survives NAT; spoofable.</summary>
    Ip,

    /// <summary><c>ip_port</c>: address and source port must match; breaks behind NAT.</summary>
    IpPort,

    /// <summary><c>password</c>: SIP digest challenge.</summary>
    Password,

    /// <summary>
    /// <c>registration</c> (VOS3000 "dynamic by registration"): calls come from wherever the gateway's
    /// account is registered; from anywhere else they need the account's digest password.
    /// </summary>
    Registration,
}
