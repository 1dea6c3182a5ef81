using Cluster.Grains.Cdr;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Calls;

/// <summary>What the call grains log: each call's end at Information, what needs a look at Warning.</summary>
internal static partial class CallLog
{
    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "call {CallId} of {Customer} via {Vendor} ended {Status}, released by {ReleasedBy}, {Billable} s billable")]
    public static partial void Ended(ILogger logger, string callId, string customer, string vendor, int status, CallReleaser releasedBy, long billable);

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning, Message = "call {CallId} of {Customer}: the edge at {Edge} routing it went silent past its deadline; ended with its lines freed")]
    public static partial void EdgeLost(ILogger logger, string callId, string customer, string edge);

    [LoggerMessage(EventId = 803, Level = LogLevel.Warning, Message = "call {CallId}: lines not released now ({Message}); their leases expire by themselves")]
    public static partial void ReleaseFailed(ILogger logger, string callId, string message);

    [LoggerMessage(EventId = 804, Level = LogLevel.Warning, Message = "call {CallId}: {Method} from {Source} refused, not the {Leg}'s address")]
    public static partial void ForeignSource(ILogger logger, string callId, string method, string source, string leg);
}
