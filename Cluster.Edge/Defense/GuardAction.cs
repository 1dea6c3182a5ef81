namespace Cluster.Edge.Defense;

public enum GuardAction
{
    Pass,

    /// <summary>No answer at all.</summary>
    Drop,

    /// <summary>403 without any work (SS_REPLY_UNAUTHORIZED on, for sources that are blocked but not flooding).</summary>
    Refuse,
}
