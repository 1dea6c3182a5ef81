namespace Cluster.Grains.Calls;

/// <summary>Where a call stands.</summary>
public enum CallState
{
    /// <summary>Offered to a vendor, nothing heard back yet.</summary>
    Trying,

    /// <summary>A vendor answered provisionally (180/183).</summary>
    Ringing,

    Answered,

    /// <summary>Over: its lines are free and its CDR is written.</summary>
    Ended,
}
