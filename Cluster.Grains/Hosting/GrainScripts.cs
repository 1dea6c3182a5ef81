namespace Cluster.Grains.Hosting;

/// <summary>Every grain turn the cluster runs; loaded once per process.</summary>
internal static class GrainScripts
{
    public static readonly GrainScript SourceIp = GrainScript.Load("source_ip");
    public static readonly GrainScript Endpoint = GrainScript.Load("endpoint");

    public static IReadOnlyList<GrainScript> All { get; } =
    [
        SourceIp, Endpoint,
    ];
}
