using Cluster.Grains.Calls;

namespace Cluster.Grains.Signalling;

/// <summary>
/// An edge, as the call grains reach it through Orleans (an observer each edge registers with
/// <see cref="IEdgeDirectoryGrain"/>): requests the cluster itself sends into calls leave from an edge's SIP address,
/// the one both parties know, never from a silo's.
/// </summary>
public interface IEdgeSignaller : IGrainObserver
{
    /// <summary>
    /// Sends the BYEs of a call the cluster ends (maximum duration, operator, dead leg) into both legs; returns once they
    /// are on their way. Not one-way: an edge that is gone fails the call, and the grain picks another.
    /// </summary>
    Task HangUpAsync(CallHangup hangup);

    /// <summary>
    /// Sends an in-dialog OPTIONS into each leg and reports both final statuses (0: no answer in time) to the call's
    /// grain (<see cref="ICallGrain.LegsCheckedAsync"/>); returns once the OPTIONS are sent.
    /// </summary>
    Task CheckLegsAsync(string callId, LegRequest customer, LegRequest vendor);
}
