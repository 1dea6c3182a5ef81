using System.Net;
using Cluster.Edge.Calls.Legs;
using Cluster.Edge.Calls.Transactions;
using Cluster.Edge.Transport;
using Cluster.Grains;
using Cluster.Grains.Calls;
using Cluster.Grains.Signalling;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Calls.Signalling;

/// <summary>
/// This edge as the call grains' sender: BYEs of calls the cluster ends and the dead-call OPTIONS, written from the
/// leg state the grain gives and sent from this edge (its UDP socket, or a TCP connection to a TCP party) as client transactions (retransmitted; answers come
/// back through <see cref="ResponseRelay"/> by our branch).
/// </summary>
internal sealed class EdgeSignaller(
    ISipReplyChannel udp,
    LegChannels channels,
    ClientTransactionTable transactions,
    IClusterGrains grains,
    CallOptions options,
    TimeProvider time,
    ILogger logger) : IEdgeSignaller
{
    public Task HangUpAsync(CallHangup hangup)
    {
        _ = ByeAsync(hangup.CallId, hangup.ToVendor, hangup.ReasonHeader);
        _ = ByeAsync(hangup.CallId, hangup.ToCustomer, hangup.ReasonHeader);
        return Task.CompletedTask;
    }

    public Task CheckLegsAsync(string callId, LegRequest customer, LegRequest vendor)
    {
        _ = CheckAsync(callId, customer, vendor);
        return Task.CompletedTask;
    }

    private async Task ByeAsync(string callId, LegRequest leg, string reasonHeader)
    {
        if (await SendAsync("BYE", leg, reasonHeader).ConfigureAwait(false) == 0)
        {
            CallsLog.ByeUnanswered(logger, callId, leg.Target);
        }
    }

    private async Task CheckAsync(string callId, LegRequest customer, LegRequest vendor)
    {
        var statuses = await Task.WhenAll(SendAsync("OPTIONS", customer, null), SendAsync("OPTIONS", vendor, null)).ConfigureAwait(false);
        try
        {
            await grains.GetCallGrain(callId).LegsCheckedAsync(statuses[0], statuses[1]).ConfigureAwait(false);
        }
        catch (Exception e) when (e is GrainUnavailableException or TimeoutException or OrleansException)
        {
            // the next check reports again
            CallsLog.LegCheckUnreported(logger, callId, e.Message);
        }
    }

    /// <summary>The final status of the request sent into <paramref name="leg"/>; 0 when nothing answered in time.</summary>
    private async Task<int> SendAsync(string method, LegRequest leg, string? extraHeaders)
    {
        if (!IPEndPoint.TryParse(leg.Target, out var target) || await channels.ForAsync(leg.Transport, target, udp).ConfigureAwait(false) is not { } channel)
        {
            return 0;
        }

        var branch = CallIds.NewBranch();
        var bytes = LegMessages.InDialog(method, leg, channels.HostFor(leg.Transport, channel), branch, null, null, extraHeaders);
        var transaction = new ClientTransaction(ClientTransactionTable.KeyOf(branch, method), bytes, target, channel, invite: false, onProvisional: null);
        transactions.Add(transaction);
        try
        {
            return (await transaction.RunAsync(options.Timers, time).ConfigureAwait(false))?.Status ?? 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return 0;
        }
        finally
        {
            transactions.Remove(transaction);
        }
    }
}
