using System.Net;

namespace Cluster.Edge.Calls.Transactions;

/// <summary>A response from the next hop with our Via removed, and where it goes (the hop below ours), if known.</summary>
public sealed record RelayedResponse(int Status, byte[] Bytes, IPEndPoint? Target);
