namespace Cluster.Grains.Calls;

/// <summary>Where a call stands.</summary>
public enum CallState
{
    /// <summary>Being offered to its vendors (trying or ringing, until one answers or all fail).</summary>
    Trying,

    Answered,

    /// <summary>Over: its lines are free and its CDR is written.</summary>
    Ended,
}
