namespace Cluster.Grains.Calls;

/// <summary>What an edge does with an in-dialog request.</summary>
public enum InDialogOutcome
{
    /// <summary>Send it on to the other leg as the verdict describes.</summary>
    Relay,

    /// <summary>Answer it here and send nothing on (an ACK of our own 2xx, already acknowledged towards the vendor).</summary>
    Absorb,

    /// <summary>481: no such call (or it is over).</summary>
    NoCall,

    /// <summary>403: it came from an address that is neither leg's.</summary>
    Forbidden,

    /// <summary>491: a re-INVITE while another one is in progress (glare, RFC 3261 §14.1).</summary>
    Glare,
}
