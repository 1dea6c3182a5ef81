using System.Net;
using Cluster.Edge.Transport;

namespace Cluster.Tests.Transport;

/// <summary>A copy of one delivered message, safe to keep after the handler call.</summary>
internal sealed record ReceivedMessage(byte[] Bytes, IPEndPoint Remote, ISipReplyChannel Channel)
{
    public string Text => System.Text.Encoding.ASCII.GetString(Bytes);
}
