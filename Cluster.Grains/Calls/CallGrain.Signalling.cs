using Cluster.Grains.Cdr;
using Cluster.Grains.Signalling;

namespace Cluster.Grains.Calls;

/// <summary>
/// What the call grain sends through an edge: the BYEs of a call the cluster ends, and the dead-call check, an
/// in-dialog OPTIONS into each leg every <see cref="CallRecord.DeadCallCheckMs"/>; a leg that does not answer (or
/// answers 481/408) ends the call with BYE both ways, released by <see cref="CallReleaser.DeadCall"/>.
/// </summary>
internal sealed partial class CallGrain
{
    private IGrainTimer? _legChecks;

    public async Task LegsCheckedAsync(int customerStatus, int vendorStatus)
    {
        if (_call is not { State: CallState.Answered } call)
        {
            return;
        }

        if (IsDead(customerStatus) || IsDead(vendorStatus))
        {
            CallLog.DeadLeg(log, Id, call.Customer, customerStatus, vendorStatus);
            await HangUpAsync(CallReleaser.DeadCall, time.GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(true);
        }
    }

    /// <summary>A leg is dead when nothing answered our OPTIONS, or its party no longer knows the dialog.</summary>
    private static bool IsDead(int status) => status is 0 or 408 or 481;

    private void ArmLegChecks(CallRecord call)
    {
        _legChecks?.Dispose();
        _legChecks = call.DeadCallCheckMs <= 0
            ? null
            : this.RegisterGrainTimer(CheckLegsAsync, new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(call.DeadCallCheckMs), TimeSpan.FromMilliseconds(call.DeadCallCheckMs)) { KeepAlive = true });
    }

    private const int EdgeTries = 3;

    private async Task CheckLegsAsync(CancellationToken cancellationToken)
    {
        if (_call is not { State: CallState.Answered, VendorLeg: { } b } call)
        {
            return;
        }

        var a = call.CustomerLeg;
        var customer = LegRequest.Into(a, ++a.LocalCSeq, toVendor: false);
        var vendor = LegRequest.Into(b, ++b.LocalCSeq, toVendor: true);
        await ThroughEdgeAsync(edge => edge.CheckLegsAsync(Id, customer, vendor)).ConfigureAwait(true);
    }

    /// <summary>Gives the BYEs to an edge; false when none took them (the silo then sends them).</summary>
    private Task<bool> SendThroughEdgeAsync(CallHangup hangup) => ThroughEdgeAsync(edge => edge.HangUpAsync(hangup));

    /// <summary>
    /// Runs <paramref name="send"/> on a live edge: an edge that fails it (gone since it last joined) is forgotten and the
    /// next one tried. False when no edge took it (none joined, or the directory did not answer).
    /// </summary>
    private async Task<bool> ThroughEdgeAsync(Func<IEdgeSignaller, Task> send)
    {
        var directory = GrainFactory.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key);
        for (var tries = 0; tries < EdgeTries; tries++)
        {
            EdgeChoice? edge;
            try
            {
                edge = await directory.PickAsync().ConfigureAwait(true);
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                return false;
            }

            if (edge is null)
            {
                return false;
            }

            try
            {
                await send(edge.Signaller).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(true);
                return true;
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                CallLog.EdgeGone(log, Id, edge.Edge, e.Message);
                try
                {
                    await directory.LeaveAsync(edge.Edge).ConfigureAwait(true);
                }
                catch (Exception gone) when (gone is TimeoutException or OrleansException)
                {
                    return false;
                }
            }
        }

        return false;
    }
}
