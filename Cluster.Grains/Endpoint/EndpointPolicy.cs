namespace Cluster.Grains;

/// <summary>Registration rules shared by every endpoint grain (VOS3000 SS_ENDPOINT* parameters).</summary>
public sealed record EndpointPolicy
{
    /// <summary>system.endpoint_register_replace (SS_ENDPOINT_REGISTER_REPLACE): a new binding replaces the others. Default on.</summary>
    public bool RegisterReplace { get; init; } = true;

    /// <summary>system.endpoint_max_bindings: coexisting bindings allowed when replace is off. Default 5.</summary>
    public int MaxBindings { get; init; } = 5;

    /// <summary>system.endpoint_register_retry (SS_ENDPOINTREGISTERRETRY): consecutive failures before suspension. Default 6.</summary>
    public int RegisterRetry { get; init; } = 6;

    /// <summary>system.endpoint_register_suspend (SS_ENDPOINTREGISTERSUSPEND). Default on.</summary>
    public bool RegisterSuspend { get; init; } = true;

    /// <summary>system.endpoint_register_suspend_time_s (SS_ENDPOINTREGISTERSUSPENDTIME). Default 180 s.</summary>
    public TimeSpan SuspendTime { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>system.endpoint_time_to_live_s (SS_ENDPOINTTIMETOLIVE): silent this long = offline. Default 60 s.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromSeconds(60);
}
