namespace Cluster.Grains.Cdr;

/// <summary>
/// One call attempt as the operator bills it, reconciles it with vendors and reviews it for fraud: written by the
/// call grain when the call ends, before the grain forgets the call, to the Redis stream <see cref="CdrStream"/>.
/// Times are Unix milliseconds (0 when it never happened); numbers are as dialled and as sent to each vendor.
/// </summary>
[GenerateSerializer]
[Alias("cdr.record")]
public sealed record CallDetailRecord
{
    /// <summary>Our id of the call (the call grain's key); the B leg's Call-IDs derive from it.</summary>
    [Id(0)] public required string CallId { get; init; }

    /// <summary>The customer's own Call-ID (A leg), to match the customer's records.</summary>
    [Id(1)] public required string CustomerCallId { get; init; }

    /// <summary>Mapping gateway the call came in on.</summary>
    [Id(2)] public required string Customer { get; init; }

    /// <summary>Account that authenticated the call (password or registration); empty for IP authentication.</summary>
    [Id(3)] public string Account { get; init; } = string.Empty;

    [Id(4)] public string CallerNumber { get; init; } = string.Empty;

    /// <summary>Callee as the customer dialled it.</summary>
    [Id(5)] public string CalleeDialled { get; init; } = string.Empty;

    /// <summary>The vendor that answered, or the last one tried; empty when none was offered the call.</summary>
    [Id(6)] public string Vendor { get; init; } = string.Empty;

    /// <summary>Callee as sent to <see cref="Vendor"/> (after its number rewrite).</summary>
    [Id(7)] public string CalleeSent { get; init; } = string.Empty;

    /// <summary>Every vendor offered the call, in order, with the number it got and its final SIP status.</summary>
    [Id(8)] public IReadOnlyList<VendorAttempt> Attempts { get; init; } = [];

    [Id(9)] public long InviteAtMs { get; init; }

    /// <summary>First 180/183 relayed to the caller (ring tone or early media).</summary>
    [Id(10)] public long ProgressAtMs { get; init; }

    [Id(11)] public long AnsweredAtMs { get; init; }

    [Id(12)] public long EndedAtMs { get; init; }

    /// <summary>SIP status the caller got for its INVITE (200 for an answered call).</summary>
    [Id(13)] public int Status { get; init; }

    /// <summary>Q.850 cause from the Reason header of the ending message, 0 when none was given.</summary>
    [Id(14)] public int Q850Cause { get; init; }

    [Id(15)] public CallReleaser ReleasedBy { get; init; }

    /// <summary>The caller's signalling address (ip:port) and transport (udp, tcp).</summary>
    [Id(16)] public string CustomerAddress { get; init; } = string.Empty;

    /// <summary>The answering (or last) vendor's signalling address.</summary>
    [Id(17)] public string VendorAddress { get; init; } = string.Empty;

    /// <summary>Codec names of the caller's SDP offer, in its order (e.g. <c>PCMU PCMA telephone-event</c>).</summary>
    [Id(18)] public string CodecsOffered { get; init; } = string.Empty;

    /// <summary>Codec names of the answer's SDP.</summary>
    [Id(19)] public string CodecsAnswered { get; init; } = string.Empty;

    [Id(20)] public string Transport { get; init; } = "udp";

    /// <summary>Seconds from the first provisional (or the INVITE when none came) to answer, or to the end when unanswered.</summary>
    public long RingingSeconds
    {
        get
        {
            var from = ProgressAtMs > 0 ? ProgressAtMs : InviteAtMs;
            var to = AnsweredAtMs > 0 ? AnsweredAtMs : EndedAtMs;
            return from > 0 && to > from ? (to - from) / 1000 : 0;
        }
    }

    /// <summary>Talk time in whole seconds, any started second counted (as carriers bill per second); 0 unanswered.</summary>
    public long BillableSeconds =>
        AnsweredAtMs > 0 && EndedAtMs > AnsweredAtMs ? (EndedAtMs - AnsweredAtMs + 999) / 1000 : 0;
}
