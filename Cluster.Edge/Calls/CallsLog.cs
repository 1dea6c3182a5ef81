using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Calls;

/// <summary>Source-generated log messages of the call path (event ids 300-399).</summary>
internal static partial class CallsLog
{
    [LoggerMessage(300, LogLevel.Debug, "Call {CallId} from {Customer}: no route for {Number}")]
    public static partial void NoRoute(ILogger logger, string callId, string customer, string number);

    [LoggerMessage(301, LogLevel.Information, "Call {CallId} from {Customer}: {Vendor} failed with {Status} (408: no answer in time), failing over")]
    public static partial void FailOver(ILogger logger, string callId, string customer, string vendor, int status);

    [LoggerMessage(302, LogLevel.Debug, "Call {CallId} from {Customer}: refused at admission ({Decision})")]
    public static partial void Refused(ILogger logger, string callId, string customer, string decision);

    [LoggerMessage(303, LogLevel.Debug, "Call {CallId} from {Customer} answered by {Vendor}")]
    public static partial void Answered(ILogger logger, string callId, string customer, string vendor);

    [LoggerMessage(304, LogLevel.Warning, "Call {CallId}: {Vendor} skipped, its strip_digits {Strip} leaves nothing of {Number} to dial")]
    public static partial void NothingLeftToDial(ILogger logger, string callId, string vendor, string number, int strip);

    // Names the account so an operator asked "my phone cannot call" sees at once that it authenticated fine and
    // only lacks a mapping gateway (registration mode, account: USER) to call through.
    [LoggerMessage(310, LogLevel.Information, "Call {CallId}: account {Account} from {Source} authenticated but is no mapping gateway's caller: 403, no failed login counted")]
    public static partial void AccountMayNotCall(ILogger logger, string callId, string account, System.Net.IPAddress source);

    // 305-308 follow what admission says of each vendor: logged when a vendor's state changes, not per call.
    [LoggerMessage(305, LogLevel.Warning, "Call {CallId} from {Customer} to {Number} refused with 503: {Why} (OPTIONS probes); further calls refused for this are not logged until a vendor's state changes")]
    public static partial void AllVendorsOffline(ILogger logger, string callId, string customer, string number, string why);

    [LoggerMessage(306, LogLevel.Information, "Vendor {Vendor} is offline (OPTIONS probes): calls skip it until it answers probes again")]
    public static partial void VendorOffline(ILogger logger, string vendor);

    [LoggerMessage(307, LogLevel.Information, "Vendor {Vendor} is online again: calls are offered to it")]
    public static partial void VendorOnline(ILogger logger, string vendor);

    [LoggerMessage(308, LogLevel.Debug, "Call {CallId} from {Customer} to {Number} refused with 503: {Why}")]
    public static partial void NoVendorAvailable(ILogger logger, string callId, string customer, string number, string why);

    [LoggerMessage(311, LogLevel.Information, "Call {CallId}: the BYE to the other party went unanswered ({Detail}); the call is ended all the same")]
    public static partial void ByeUnanswered(ILogger logger, string callId, string detail);

    [LoggerMessage(312, LogLevel.Debug, "Call {CallId}: an ACK could not be passed on ({Detail})")]
    public static partial void AckNotRelayed(ILogger logger, string callId, string detail);

    [LoggerMessage(313, LogLevel.Information, "Call {CallId}: the dead-call check could not be reported ({Detail})")]
    public static partial void LegCheckUnreported(ILogger logger, string callId, string detail);

    [LoggerMessage(314, LogLevel.Debug, "Edge {Edge} not yet in the cluster's edge directory ({Detail}); retried at the next refresh")]
    public static partial void SignallingNotJoined(ILogger logger, string edge, string detail);

    [LoggerMessage(315, LogLevel.Information, "Edge {Edge} is in the cluster's edge directory: hang-ups and dead-call checks of the call grains can leave from it")]
    public static partial void SignallingJoined(ILogger logger, string edge);
}
