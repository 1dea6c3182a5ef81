namespace Cluster.Silo;

/// <summary>Calls in progress on one gateway: its line leases, against its limits.</summary>
internal sealed record GatewayCalls(string Gateway, string Kind, int LinesInUse, int LineLimit, int CurrentCps, double CpsLimit, string? LiveError);
