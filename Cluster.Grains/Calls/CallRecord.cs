using Cluster.Grains.Cdr;

namespace Cluster.Grains.Calls;

/// <summary>
/// Everything the call grain knows of its call: the offer, both legs, the attempts so far, the times. Kept in memory
/// while the call rings and written to <c>call:{id}</c> once it is answered, so a silo's death loses no answered call.
/// </summary>
public sealed class CallRecord
{
    public string Id { get; set; } = string.Empty;
    public string Customer { get; set; } = string.Empty;
    public string Account { get; set; } = string.Empty;
    public string CallerNumber { get; set; } = string.Empty;
    public string CalleeDialled { get; set; } = string.Empty;
    public CallState State { get; set; }
    public CallLeg CustomerLeg { get; set; } = new();
    public CallLeg? VendorLeg { get; set; }
    public VendorChoice? Current { get; set; }
    public List<VendorAttempt> Attempts { get; set; } = [];
    public string EdgeAddress { get; set; } = string.Empty;
    public long InviteAtMs { get; set; }
    public long RoutingDeadlineMs { get; set; }
    public long RoutingLeaseMs { get; set; }
    public long ProgressAtMs { get; set; }
    public long AnsweredAtMs { get; set; }
    public long MaxDurationMs { get; set; }
    public long DeadCallCheckMs { get; set; }
    public string CodecsOffered { get; set; } = string.Empty;
    public string CodecsAnswered { get; set; } = string.Empty;
    public bool LateOffer { get; set; }
    public bool Cancelled { get; set; }

    /// <summary>The leg whose re-INVITE is in progress ("a" customer, "b" vendor; empty for none) and until when at most.</summary>
    public string Reinviting { get; set; } = string.Empty;
    public long ReinviteUntilMs { get; set; }

    /// <summary>The customer's ACK of our answer was seen (a late offer's ACK is relayed once, then absorbed).</summary>
    public bool AnswerAcknowledged { get; set; }

    /// <summary>Whether the vendor currently offered the call holds a line we must give back.</summary>
    public bool VendorLineHeld { get; set; }

    public static CallRecord Of(string id, CallOffer offer) => new()
    {
        Id = id,
        Customer = offer.Customer,
        Account = offer.Account,
        CallerNumber = offer.CallerNumber,
        CalleeDialled = offer.CalleeDialled,
        State = CallState.Trying,
        CustomerLeg = offer.CustomerLeg,
        EdgeAddress = offer.EdgeAddress,
        InviteAtMs = offer.InviteAtMs,
        RoutingLeaseMs = offer.RoutingLeaseMs,
        CodecsOffered = offer.CodecsOffered,
        LateOffer = offer.LateOffer,
    };

    /// <summary>The CDR of the call ending now.</summary>
    public CallDetailRecord Cdr(int status, int q850, CallReleaser releasedBy, long endedAtMs) => new()
    {
        CallId = Id,
        CustomerCallId = CustomerLeg.CallId,
        Customer = Customer,
        Account = Account,
        CallerNumber = CallerNumber,
        CalleeDialled = CalleeDialled,
        Vendor = Current?.Vendor ?? string.Empty,
        CalleeSent = Current?.NumberSent ?? string.Empty,
        Attempts = Attempts.ToArray(),
        InviteAtMs = InviteAtMs,
        ProgressAtMs = ProgressAtMs,
        AnsweredAtMs = AnsweredAtMs,
        EndedAtMs = endedAtMs,
        Status = status,
        Q850Cause = q850,
        ReleasedBy = releasedBy,
        CustomerAddress = CustomerLeg.Address,
        VendorAddress = VendorLeg?.Address ?? Current?.Address ?? string.Empty,
        CodecsOffered = CodecsOffered,
        CodecsAnswered = CodecsAnswered,
        Transport = CustomerLeg.Transport,
    };

    public CallView View() => new(
        Id, State, Customer, Current?.Vendor ?? string.Empty, CallerNumber, CalleeDialled, Current?.NumberSent ?? string.Empty,
        InviteAtMs, AnsweredAtMs, MaxDurationMs, CustomerLeg.Address, VendorLeg?.Address ?? Current?.Address ?? string.Empty, Attempts.Count);
}
