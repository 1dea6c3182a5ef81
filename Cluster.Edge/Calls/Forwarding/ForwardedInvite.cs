namespace Cluster.Edge.Calls.Forwarding;

/// <summary>What CANCEL and the ACK of a failure need from an INVITE this edge forwarded.</summary>
public sealed record ForwardedInvite(string RequestUri, string ViaLine, string From, string To, string CallId, uint CSeq);
