namespace Cluster.Grains;

/// <summary>Verdict of a gateway Admit turn.</summary>
public sealed record GatewayAdmitVerdict(GatewayAdmission Decision, int LinesInUse)
{
    public bool HasLine => Decision is GatewayAdmission.Admitted or GatewayAdmission.AlreadyAdmitted;
}
