namespace Cluster.Edge.Sip;

/// <summary>Outcome class of one parse attempt.</summary>
public enum SipParseStatus
{
    /// <summary>A whole message was indexed; <see cref="SipParseResult.Consumed"/> bytes belong to it.</summary>
    Complete,

    /// <summary>Stream framing only: more bytes are needed. Every strict prefix of a valid message yields this.</summary>
    Incomplete,

    /// <summary>The input cannot be a valid message; see <see cref="SipParseResult.Error"/>.</summary>
    Invalid,
}
