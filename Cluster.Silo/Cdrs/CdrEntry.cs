using Cluster.Grains.Cdr;
using StackExchange.Redis;

namespace Cluster.Silo.Cdrs;

/// <summary>
/// A stream entry's record as the readers use it. The stream's JSON leaves a member the writer did not send at null
/// (its initializer does not run), so those are put back to the record's own defaults here: no reader ever meets a
/// null list or string, whatever an older or newer writer left out. Pure.
/// </summary>
internal static class CdrEntry
{
    public static CallDetailRecord? Decode(RedisValue field) => CdrStream.Decode(field) is { } r ? Complete(r) : null;

    public static CallDetailRecord Complete(CallDetailRecord r) => r with
    {
        Account = r.Account ?? string.Empty,
        CallerNumber = r.CallerNumber ?? string.Empty,
        CalleeDialled = r.CalleeDialled ?? string.Empty,
        Vendor = r.Vendor ?? string.Empty,
        CalleeSent = r.CalleeSent ?? string.Empty,
        Attempts = r.Attempts is null ? [] : [.. r.Attempts.Select(a => a with { Vendor = a.Vendor ?? string.Empty, NumberSent = a.NumberSent ?? string.Empty })],
        CustomerAddress = r.CustomerAddress ?? string.Empty,
        VendorAddress = r.VendorAddress ?? string.Empty,
        CodecsOffered = r.CodecsOffered ?? string.Empty,
        CodecsAnswered = r.CodecsAnswered ?? string.Empty,
        Transport = r.Transport ?? "udp",
    };
}
