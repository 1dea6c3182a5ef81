namespace Cluster.Edge.Registrar;

/// <summary>Why a REGISTER cannot be taken as it is; each maps to one precise answer.</summary>
public enum RegisterProblem
{
    None,

    /// <summary>A Contact is not a parsable URI: 400 Bad Contact.</summary>
    BadContact,

    /// <summary><c>Contact: *</c> with other contacts or a non-zero Expires (RFC 3261 §10.3 step 6): 400.</summary>
    WildcardMisuse,

    /// <summary>More contacts than the policy allows: 400.</summary>
    TooManyContacts,

    /// <summary>A lifetime shorter than Min-Expires: 423 Interval Too Brief.</summary>
    IntervalTooBrief,
}
