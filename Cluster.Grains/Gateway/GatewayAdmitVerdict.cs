namespace Cluster.Grains;

/// <summary>Verdict of a gateway Admit turn.</summary>
[GenerateSerializer]
[Alias("gateway.admit-verdict")]
public sealed record GatewayAdmitVerdict(GatewayAdmission Decision, int LinesInUse)
{
    public bool HasLine => Decision is GatewayAdmission.Admitted or GatewayAdmission.AlreadyAdmitted;
}
