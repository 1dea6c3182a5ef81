using Cluster.Grains;

namespace Cluster.Silo;

/// <summary>Answer of <c>POST /api/endpoints/{user}/kick</c>: bindings removed and what is left.</summary>
internal sealed record KickResult(string User, int Removed, EndpointState Endpoint);
