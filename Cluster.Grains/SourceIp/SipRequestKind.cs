namespace Cluster.Grains;

/// <summary>Which per-source bucket a request draws from besides the all-SIP one.</summary>
[GenerateSerializer]
public enum SipRequestKind
{
    Other = 0,
    Register = 1,
    Invite = 2,
}
