using Cluster.Grains.Cdr;
using StackExchange.Redis;

namespace Cluster.Tests.Cdrs;

/// <summary>Records as the call grain writes them, and the XADD it does.</summary>
public static class CdrSamples
{
    /// <summary>An answered call: customer cust-ip, vendorA refused with 503, vendorB answered; 12.3 s of talk.</summary>
    public static CallDetailRecord Answered(string callId, DateTimeOffset endedAt, string customer = "cust-ip") => new()
    {
        CallId = callId,
        CustomerCallId = "a-" + callId + "@127.0.0.21",
        Customer = customer,
        Account = string.Empty,
        CallerNumber = "+442071234567",
        CalleeDialled = "12025550100",
        Vendor = "vendorB",
        CalleeSent = "12025550100",
        Attempts =
        [
            new VendorAttempt("vendorA", "12025550100", endedAt.ToUnixTimeMilliseconds() - 20_000, 503),
            new VendorAttempt("vendorB", "12025550100", endedAt.ToUnixTimeMilliseconds() - 19_800, 200),
        ],
        InviteAtMs = endedAt.ToUnixTimeMilliseconds() - 20_000,
        ProgressAtMs = endedAt.ToUnixTimeMilliseconds() - 19_500,
        AnsweredAtMs = endedAt.ToUnixTimeMilliseconds() - 12_300,
        EndedAtMs = endedAt.ToUnixTimeMilliseconds(),
        Status = 200,
        Q850Cause = 16,
        ReleasedBy = CallReleaser.MaximumDuration,
        CustomerAddress = "127.0.0.21:5060",
        VendorAddress = "127.0.0.1:5072",
        CodecsOffered = "PCMU PCMA telephone-event",
        CodecsAnswered = "PCMA",
        Transport = "udp",
    };

    /// <summary>Refused before any vendor: no progress, no answer, no vendor.</summary>
    public static CallDetailRecord Refused(string callId, DateTimeOffset endedAt, string customer = "cust-ip") => new()
    {
        CallId = callId,
        CustomerCallId = "r-" + callId,
        Customer = customer,
        CallerNumber = "2000",
        CalleeDialled = "999",
        InviteAtMs = endedAt.ToUnixTimeMilliseconds() - 40,
        EndedAtMs = endedAt.ToUnixTimeMilliseconds(),
        Status = 404,
        ReleasedBy = CallReleaser.Overload,
        CustomerAddress = "127.0.0.21:5060",
    };

    /// <summary>Fields a spreadsheet chokes on unless quoted: comma, quote, CR, LF, CRLF.</summary>
    public static CallDetailRecord Awkward(string callId, DateTimeOffset endedAt, string customer = "cust-ip") => Answered(callId, endedAt, customer) with
    {
        CustomerCallId = "x,\"y\"\r\nz",
        Account = "acme, \"east\"",
        CodecsOffered = "PCMU\nPCMA\rG729",
    };

    /// <summary>XADD cdrs ID r JSON, as the call grain does (ID null: Redis picks it, <c>*</c>).</summary>
    public static string Add(IDatabase db, CallDetailRecord record, string? id = null) =>
        db.StreamAdd(CdrStream.Key, CdrStream.Field, CdrStream.Encode(record), id is null ? (RedisValue?)null : id).ToString();
}
