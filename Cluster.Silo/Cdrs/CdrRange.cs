using Cluster.Grains.Cdr;

namespace Cluster.Silo.Cdrs;

/// <summary>What <see cref="CdrRangeReader"/> found: the matching records with their stream ids, newest first.</summary>
internal sealed record CdrRange(IReadOnlyList<(string Id, CallDetailRecord Record)> Found, int Scanned, int Skipped, bool Truncated);
