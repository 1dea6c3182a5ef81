namespace Cluster.Grains;

[GenerateSerializer, Alias("ep.RegisterOutcome")]
public enum RegisterOutcome
{
    /// <summary>The binding is stored (new or refreshed).</summary>
    Registered = 0,

    /// <summary>Expires was zero: the binding is removed.</summary>
    Unregistered = 1,

    /// <summary>The endpoint is suspended (SS_ENDPOINTREGISTERSUSPEND): drop without processing.</summary>
    Suspended = 2,

    /// <summary>Same Call-ID with a CSeq not above the stored one: refused (RFC 3261 §10.3 step 7).</summary>
    OutOfOrder = 3,

    /// <summary>Coexisting bindings are at the maximum: refused rather than evicting a working phone.</summary>
    TooManyBindings = 4,

    /// <summary>The digest nonce-count was not above one already used for that nonce: a replayed Authorization.</summary>
    Replayed = 5,
}
