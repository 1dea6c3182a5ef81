using System.Net;
using System.Text;
using Cluster.Edge.Calls.Legs;
using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;
using Cluster.Edge.Sip;
using Cluster.Edge.Transport;
using Cluster.Grains;
using Cluster.Grains.Calls;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Calls;

/// <summary>
/// ACKs of 2xx answers (their own transaction). The customer's ACK of our answer stops its retransmissions here and
/// ends here when the INVITE carried SDP (we acknowledged the vendor ourselves): no grain call. Any other ACK (of a
/// re-INVITE's 2xx, a late offer's answer, or one that reached another edge) goes by the call grain, which writes it
/// for the other leg.
/// </summary>
internal sealed class AckRouter(IClusterGrains grains, AnswerRetransmissions answers, LegChannels channels, TimeProvider time, EdgeMetrics metrics, ILogger logger) : ISipMessageSink
{
    public void Accept(in InboundMessage message, SipMessage parsed)
    {
        var fromVendor = CallIds.TryOfVendorCallId(parsed.CallId, out var id);
        if (!fromVendor)
        {
            id = CallIds.Of(parsed.CallId, parsed.FromTag);
            if (answers.Acknowledge(id) == false)
            {
                return;
            }
        }

        // the receive buffer is reused at once: the ACK goes on from its own copy
        _ = RelayAsync(message.Bytes.ToArray(), message.Remote, message.Channel, id);
    }

    private async Task RelayAsync(byte[] bytes, IPEndPoint source, ISipReplyChannel channel, string id)
    {
        try
        {
            if (LegMessages.Parse(bytes) is not { } ack)
            {
                return;
            }

            ack.TryGetCSeq(out var cseq, out _, out _);
            var verdict = await grains.GetCallGrain(id).InDialogAsync(new InDialogRequest(
                "ACK", Encoding.ASCII.GetString(ack.CallId), Encoding.ASCII.GetString(ack.FromTag), cseq,
                LegMessages.HostOf(source), time.GetUtcNow().ToUnixTimeMilliseconds())).ConfigureAwait(false);
            if (verdict is { Outcome: InDialogOutcome.Relay, Onward: { } onward })
            {
                var target = IPEndPoint.Parse(onward.Target);
                if (await channels.ForAsync(onward.Transport, target, channel).ConfigureAwait(false) is { } onwardChannel)
                {
                    onwardChannel.Send(LegMessages.InDialog("ACK", onward, channels.HostFor(onward.Transport, onwardChannel), CallIds.NewBranch(), null, ack), target);
                }
            }
            else if (verdict.Outcome != InDialogOutcome.Absorb)
            {
                metrics.CountDrop("ack_without_call");
            }
        }
        catch (Exception e) when (e is GrainUnavailableException or TimeoutException or FormatException)
        {
            CallsLog.AckNotRelayed(logger, id, e.Message);
        }
    }
}
