using System.Text;
using Cluster.Edge.Calls.Transactions;
using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;
using Cluster.Edge.Sip;
using Cluster.Edge.Transport;
using Cluster.Grains.Calls;

namespace Cluster.Edge.Calls;

/// <summary>
/// Every response reaching the edge (on the receive loop): ours carry our branch in the top Via, and go to the client
/// transaction that waits for them. A 2xx to INVITE whose transaction is over is the vendor retransmitting its answer
/// because our ACK was lost: acknowledged again, statelessly, from the response itself.
/// </summary>
internal sealed class ResponseRelay(ClientTransactionTable transactions, EdgeMetrics metrics) : ISipMessageSink
{
    private static readonly byte[] s_branchPrefix = Encoding.ASCII.GetBytes(CallIds.BranchPrefix);

    public void Accept(in InboundMessage message, SipMessage parsed)
    {
        if (!parsed.TryGetTopVia(out var via) || !via.Branch.StartsWith(s_branchPrefix) || !parsed.TryGetCSeq(out var cseq, out var method, out var methodName))
        {
            metrics.CountDrop("stray_response");
            return;
        }

        var key = ClientTransactionTable.KeyOf(Encoding.ASCII.GetString(via.Branch), Encoding.ASCII.GetString(methodName));
        if (transactions.TryGet(key, out var transaction))
        {
            transaction!.OnResponse(new RelayedResponse(parsed.StatusCode, message.Bytes.ToArray(), null));
            return;
        }

        if (method == SipMethod.Invite && parsed.StatusCode is >= 200 and < 300 && message.Channel.Kind == SipTransportKind.Udp)
        {
            message.Channel.Send(Legs.StatelessAck.Of(parsed, cseq, Legs.LegMessages.HostOf(message.Channel.LocalEndPoint)), message.Remote);
        }
    }
}
