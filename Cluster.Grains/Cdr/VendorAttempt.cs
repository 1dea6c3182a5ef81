namespace Cluster.Grains.Cdr;

/// <summary>One vendor offered the call: the number it got, when, and its final status (408 when it never answered).</summary>
[GenerateSerializer]
[Alias("cdr.attempt")]
public sealed record VendorAttempt(
    [property: Id(0)] string Vendor,
    [property: Id(1)] string NumberSent,
    [property: Id(2)] long AtMs,
    [property: Id(3)] int Status);
