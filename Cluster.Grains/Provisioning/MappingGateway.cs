namespace Cluster.Grains.Provisioning;

/// <summary>mapping_gateways[]: a customer trunk (origination).</summary>
public sealed record MappingGateway
{
    public required string Name { get; init; }

    /// <summary>auth: ip | ip_port | password | registration.</summary>
    public GatewayAuthMode Auth { get; init; }

    /// <summary>ip: source address (ip and ip_port modes).</summary>
    public string? Ip { get; init; }

    /// <summary>port: source port (ip_port mode).</summary>
    public int? Port { get; init; }

    /// <summary>user / password: digest credentials (password mode).</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>account: the account (accounts / account_ranges) whose registrations are this gateway (registration mode).</summary>
    public string? Account { get; init; }

    /// <summary>cps_limit: call attempts per second; over it 503. 0 = unlimited.</summary>
    public int CpsLimit { get; init; }

    /// <summary>line_limit: concurrent calls. 0 = unlimited.</summary>
    public int LineLimit { get; init; }

    /// <summary>max_call_duration_s: conversation limitation. Default 3600 s.</summary>
    public int MaxCallDurationSeconds { get; init; } = 3600;
}
