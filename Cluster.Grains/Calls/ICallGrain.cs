using Cluster.Grains.Cdr;
using Orleans.Concurrency;

namespace Cluster.Grains.Calls;

/// <summary>
/// One grain per call (B2BUA), keyed by <see cref="CallIds.Of(string, string)"/>: both legs' dialog state, the call's
/// state, each vendor attempt, and its CDR. It admits and releases the lines on the gateway grains itself (grain to
/// grain), so an edge makes one call per step: offer, next vendor, answer or end, and one per in-dialog request.
/// An answered call is durable (<c>call:{id}</c>) until its CDR is written; a call ends exactly once, whoever ends it.
/// </summary>
public interface ICallGrain : IGrainWithStringKey
{
    /// <summary>A new call: takes the customer's line and CPS token and, with them, the first vendor's.</summary>
    Task<CallOfferVerdict> OfferAsync(CallOffer offer);

    /// <summary>
    /// The attempt <paramref name="ended"/> failed (its vendor's line goes back; null when the edge only skips) and
    /// <paramref name="next"/> is to be offered the call: admits it unless the call was cancelled.
    /// </summary>
    Task<NextVendorVerdict> NextVendorAsync(AttemptResult? ended, VendorChoice next);

    /// <summary>
    /// The vendor answered: the call is up, durable and due to end at its maximum duration. False when the call is
    /// over already (cancelled or ended meanwhile): the edge then hangs the vendor up instead of relaying the answer.
    /// </summary>
    Task<bool> AnsweredAsync(CallAnswer answer);

    /// <summary>An unanswered call ends (failure, cancel, no route …): lines back, CDR written.</summary>
    Task EndAsync(CallEnding ending);

    /// <summary>A request inside the call from either party (BYE ends the call here, before it is relayed).</summary>
    Task<InDialogVerdict> InDialogAsync(InDialogRequest request);

    /// <summary>A re-INVITE relayed through <see cref="InDialogAsync"/> got its final answer: the next one may start.</summary>
    [OneWay]
    Task ReinviteDoneAsync(long cseq);

    /// <summary>The customer's CANCEL, from whichever edge received it.</summary>
    Task<CancelVerdict> CancelAsync(string source);

    /// <summary>The cluster ends an answered call (maximum duration, operator, dead leg): the BYEs to send. Null when not up.</summary>
    Task<CallHangup?> HangUpAsync(CallReleaser releasedBy, long atMs);

    /// <summary>An edge's report of the dead-call check: each leg's final status to our OPTIONS, 0 when none came.</summary>
    Task LegsCheckedAsync(int customerStatus, int vendorStatus);

    [ReadOnly]
    Task<CallView?> GetAsync();
}
