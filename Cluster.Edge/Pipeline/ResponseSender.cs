using System.Net;
using System.Text;
using Cluster.Edge.Metrics;
using Cluster.Edge.Sip;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Pipeline;

/// <summary>
/// Writes a response to a parsed request and sends it where RFC 3261 §18.2.2 / RFC 3581 say.
/// One place for this so that local answers, retransmissions and async handlers agree byte for byte.
/// </summary>
public sealed class ResponseSender(EdgeMetrics metrics)
{
    /// <summary>Writes into <paramref name="buffer"/> and sends; returns the bytes written, or -1 when it could not be written.</summary>
    public int Send(ISipReplyChannel channel, IPEndPoint remote, SipMessage request, int code, string reason, ReadOnlySpan<byte> extraHeaders, ReadOnlySpan<byte> toTag, byte[] buffer)
    {
        Span<byte> reasonBytes = stackalloc byte[128];
        var reasonLength = Encoding.ASCII.GetBytes(reason.AsSpan(0, Math.Min(reason.Length, reasonBytes.Length)), reasonBytes);
        var written = SipResponseWriter.Write(request, code, reasonBytes[..reasonLength], remote, toTag, extraHeaders, buffer);
        if (written <= 0 || !request.TryGetTopVia(out var via))
        {
            metrics.CountDrop("response_not_writable");
            return -1;
        }

        metrics.CountResponse(code);
        if (!channel.Send(buffer.AsSpan(0, written), SipResponseTarget.Resolve(via, remote, channel.Kind)))
        {
            metrics.CountDrop("send_failed");
        }

        return written;
    }

    /// <summary>Sends stored bytes again (a retransmission answered from the transaction store).</summary>
    public void Resend(ISipReplyChannel channel, IPEndPoint remote, in SipVia via, byte[] stored) =>
        channel.Send(stored, SipResponseTarget.Resolve(via, remote, channel.Kind));
}
