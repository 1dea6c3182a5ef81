using Cluster.Grains.Cdr;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Calls;

/// <summary>What the call grains log: each call's end at Debug (thousands a second), what needs a look at Warning.</summary>
internal static partial class CallLog
{
    [LoggerMessage(EventId = 820, Level = LogLevel.Debug, Message = "call {CallId} of {Customer} via {Vendor} ended {Status}, released by {ReleasedBy}, {Billable} s billable")]
    public static partial void Ended(ILogger logger, string callId, string customer, string vendor, int status, CallReleaser releasedBy, long billable);

    [LoggerMessage(EventId = 821, Level = LogLevel.Warning, Message = "call {CallId} of {Customer}: the edge at {Edge} routing it went silent past its deadline; ended with its lines freed")]
    public static partial void EdgeLost(ILogger logger, string callId, string customer, string edge);

    [LoggerMessage(EventId = 822, Level = LogLevel.Warning, Message = "call {CallId}: lines not released now ({Message}); their leases expire by themselves")]
    public static partial void ReleaseFailed(ILogger logger, string callId, string message);

    [LoggerMessage(EventId = 823, Level = LogLevel.Warning, Message = "call {CallId}: {Method} from {Source} refused, not the {Leg}'s address")]
    public static partial void ForeignSource(ILogger logger, string callId, string method, string source, string leg);

    [LoggerMessage(EventId = 824, Level = LogLevel.Warning, Message = "call {CallId} of {Customer}: a leg stopped answering in-dialog OPTIONS (customer {CustomerStatus}, vendor {VendorStatus}; 0 = nothing); ended as a dead call")]
    public static partial void DeadLeg(ILogger logger, string callId, string customer, int customerStatus, int vendorStatus);

    [LoggerMessage(EventId = 825, Level = LogLevel.Warning, Message = "call {CallId}: edge {Edge} did not take a request to send ({Message}); forgotten, trying another")]
    public static partial void EdgeGone(ILogger logger, string callId, string edge, string message);
}
