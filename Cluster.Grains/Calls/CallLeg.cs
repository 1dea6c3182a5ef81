namespace Cluster.Grains.Calls;

/// <summary>
/// One dialog of the call as we are its party (RFC 3261 §12): what it takes to send a request into it and to
/// recognise the other party's requests. The customer's leg (A) has the customer's Call-ID, the vendor's (B) ours.
/// Header values are whole name-addrs with their tags, ready to be written as From/To.
/// </summary>
[GenerateSerializer]
[Alias("call.leg")]
public sealed class CallLeg
{
    [Id(0)] public string CallId { get; set; } = string.Empty;

    /// <summary>Our side as a From/To value, with our tag.</summary>
    [Id(1)] public string Local { get; set; } = string.Empty;

    /// <summary>The other party as a From/To value, with its tag.</summary>
    [Id(2)] public string Remote { get; set; } = string.Empty;

    [Id(3)] public string RemoteTag { get; set; } = string.Empty;

    /// <summary>The other party's Contact URI: the Request-URI of what we send it.</summary>
    [Id(4)] public string RemoteTarget { get; set; } = string.Empty;

    /// <summary>Route header values of what we send it, in order (its Record-Route set).</summary>
    [Id(5)] public List<string> RouteSet { get; set; } = [];

    /// <summary>Where the other party signals, ip:port; requests from elsewhere are refused.</summary>
    [Id(6)] public string Address { get; set; } = string.Empty;

    [Id(7)] public string Transport { get; set; } = "udp";

    /// <summary>The CSeq of the last request we sent in this dialog.</summary>
    [Id(8)] public long LocalCSeq { get; set; }

    /// <summary>The CSeq of the last INVITE we sent in it (its ACK carries the same number).</summary>
    [Id(9)] public long InviteCSeq { get; set; }

    /// <summary>The CSeq of the other party's last INVITE (the initial one, then re-INVITEs).</summary>
    [Id(10)] public long RemoteInviteCSeq { get; set; }
}
