namespace Cluster.Edge.Sip;

/// <summary>What the pipeline does with an inbound message after inspection.</summary>
public enum SipVerdictAction
{
    /// <summary>Well-formed; hand it on.</summary>
    Process,

    /// <summary>A request we can answer statelessly with an error response.</summary>
    Respond,

    /// <summary>Discard silently (no usable Via to answer, a broken response, noise).</summary>
    Drop,
}
