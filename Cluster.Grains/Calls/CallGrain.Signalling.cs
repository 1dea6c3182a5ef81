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

    private async Task CheckLegsAsync(CancellationToken cancellationToken)
    {
        if (_call is not { State: CallState.Answered, VendorLeg: { } b } call || await EdgeAsync().ConfigureAwait(true) is not { } edge)
        {
            return;
        }

        var a = call.CustomerLeg;
        await edge.CheckLegsAsync(Id, LegRequest.Into(a, ++a.LocalCSeq, toVendor: false), LegRequest.Into(b, ++b.LocalCSeq, toVendor: true)).ConfigureAwait(true);
    }

    /// <summary>A live edge to send through, or null (none joined, or the directory did not answer): the silo then sends.</summary>
    private async Task<IEdgeSignaller?> EdgeAsync()
    {
        try
        {
            return await GrainFactory.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key).PickAsync().ConfigureAwait(true);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return null;
        }
    }

    /// <summary>Gives the BYEs to an edge; false when none took them.</summary>
    private async Task<bool> SendThroughEdgeAsync(CallHangup hangup)
    {
        if (await EdgeAsync().ConfigureAwait(true) is not { } edge)
        {
            return false;
        }

        try
        {
            await edge.HangUpAsync(hangup).ConfigureAwait(true);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return false;
        }
    }
}
