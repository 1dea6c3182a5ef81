using System.Text;
using Cluster.Edge.Calls.Forwarding;
using Cluster.Edge.Calls.Transactions;
using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;
using Cluster.Edge.Sip;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Calls;

/// <summary>
/// Every response reaching the edge (on the receive loop): ours carry our branch in the top Via. It is
/// stripped, then given to the client transaction that waits for it; a 2xx to INVITE whose transaction
/// is over (a retransmission of the answer) is relayed statelessly by the Via below ours (§16.7 step 10).
/// </summary>
internal sealed class ResponseRelay(ClientTransactionTable transactions, EdgeMetrics metrics) : ISipMessageSink
{
    public void Accept(in InboundMessage message, SipMessage parsed)
    {
        if (!parsed.TryGetTopVia(out var via) || !via.Branch.StartsWith(Encoding.ASCII.GetBytes(ProxyMessages.BranchPrefix)))
        {
            metrics.CountDrop("stray_response");
            return;
        }

        if (!parsed.TryGetCSeq(out _, out var method, out var methodName))
        {
            metrics.CountDrop("stray_response");
            return;
        }

        var key = ClientTransactionTable.KeyOf(Encoding.ASCII.GetString(via.Branch), Encoding.ASCII.GetString(methodName));
        var target = ViaTarget.BelowTop(parsed);
        var found = transactions.TryGet(key, out var transaction);
        if (!found && !(method == SipMethod.Invite && parsed.StatusCode is >= 200 and < 300))
        {
            // CANCEL answers and late retransmissions of failures: nothing waits for them.
            return;
        }

        if (ProxyMessages.WithoutTopVia(parsed) is not { } stripped)
        {
            metrics.CountDrop("response_not_relayable");
            return;
        }

        if (found)
        {
            transaction!.OnResponse(new RelayedResponse(parsed.StatusCode, stripped, target));
        }
        else if (target is not null)
        {
            message.Channel.Send(stripped, target);
        }
    }
}
