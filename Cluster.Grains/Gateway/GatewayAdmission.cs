namespace Cluster.Grains;

[GenerateSerializer]
[Alias("gateway.admission")]
public enum GatewayAdmission
{
    /// <summary>A line is leased to the call.</summary>
    Admitted = 0,

    /// <summary>The call already holds a line (a retransmitted INVITE): the lease is renewed, nothing counted twice.</summary>
    AlreadyAdmitted = 1,

    /// <summary>Every line is in use: try the next gateway or answer 503.</summary>
    LinesFull = 2,

    /// <summary>Over the CPS limit: 503.</summary>
    CpsExceeded = 3,

    /// <summary>OPTIONS probes took the gateway offline (only from <see cref="IGatewayGrain.AdmitOnlineAsync"/>).</summary>
    Offline = 4,
}
