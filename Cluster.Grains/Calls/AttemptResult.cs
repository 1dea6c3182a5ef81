namespace Cluster.Grains.Calls;

/// <summary>How one vendor attempt ended (not answered): its final status (408 when it timed out) and Q.850 cause.</summary>
[GenerateSerializer]
[Alias("call.attempt-result")]
public sealed record AttemptResult(
    [property: Id(0)] VendorChoice Vendor,
    [property: Id(1)] int Status,
    [property: Id(2)] int Q850Cause,
    [property: Id(3)] long ProgressAtMs);
