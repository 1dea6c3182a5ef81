namespace Cluster.Silo.Hangup;

/// <summary>Which party of a call a hang-up BYE goes to.</summary>
internal enum HangupSide
{
    /// <summary>The routing gateway (the callee side).</summary>
    Vendor,

    /// <summary>The mapping gateway (the caller side).</summary>
    Customer,
}
