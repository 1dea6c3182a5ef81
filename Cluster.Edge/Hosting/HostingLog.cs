using System.Net;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Hosting;

/// <summary>Source-generated log messages of the edge process host.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(100, LogLevel.Information, "Edge starting: {Listen}")]
    public static partial void Starting(ILogger logger, string listen);

    [LoggerMessage(101, LogLevel.Information, "{ReadyLine}")]
    public static partial void Ready(ILogger logger, string readyLine);

    [LoggerMessage(102, LogLevel.Information, "Edge stopping")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(103, LogLevel.Information, "Edge stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(104, LogLevel.Critical, "Cannot listen on {Address}")]
    public static partial void BindFailed(ILogger logger, Exception exception, string address);

    [LoggerMessage(105, LogLevel.Information, "Config {Path} loaded")]
    public static partial void ConfigLoaded(ILogger logger, string path);

    [LoggerMessage(106, LogLevel.Information, "No --config given; built-in defaults in effect")]
    public static partial void ConfigDefaults(ILogger logger);

    [LoggerMessage(107, LogLevel.Information, "Following provisioning version {Version} published by the silo")]
    public static partial void ProvisioningFollowed(ILogger logger, long version);

    [LoggerMessage(108, LogLevel.Warning, "Published provisioning unreadable ({Reason}); acting on the previous one")]
    public static partial void ProvisioningUnavailable(ILogger logger, string reason);

    [LoggerMessage(109, LogLevel.Information, "Cluster state at Redis {Redis}; registrar enabled")]
    public static partial void ClusterConnected(ILogger logger, string redis);

    // One line per cluster:changes message this edge acted on, naming the address or user: at 3 a.m. it tells
    // whether (and when) each edge followed an unblock or unsuspension. One per verdict, not per request:
    // the blocked source's or suspended endpoint's later traffic is dropped without a line.
    [LoggerMessage(110, LogLevel.Information, "cluster change applied: block ip {Address} until {Until}")]
    public static partial void BlockApplied(ILogger logger, IPAddress address, string until);

    [LoggerMessage(111, LogLevel.Information, "cluster change applied: unblock ip {Address}")]
    public static partial void UnblockApplied(ILogger logger, IPAddress address);

    [LoggerMessage(112, LogLevel.Information, "cluster change applied: suspend ep {User} until {Until}")]
    public static partial void SuspendApplied(ILogger logger, string user, string until);

    [LoggerMessage(113, LogLevel.Information, "cluster change applied: unsuspend ep {User}")]
    public static partial void UnsuspendApplied(ILogger logger, string user);

    [LoggerMessage(114, LogLevel.Information, "cluster change applied: cluster-key {Version}, digest keys will be re-read")]
    public static partial void ClusterKeyApplied(ILogger logger, long version);

    // A silo or edge of a newer version may announce something this edge does not know: say so, not silence.
    [LoggerMessage(115, LogLevel.Warning, "cluster change ignored, not understood: '{Message}'")]
    public static partial void ChangeNotUnderstood(ILogger logger, string message);

    // Lost and restored bracket an outage in the log: when the edge started and stopped answering 503.
    [LoggerMessage(116, LogLevel.Warning, "Redis connection lost ({Reason}): requests that need a grain get 503 until it is back")]
    public static partial void RedisLost(ILogger logger, string reason);

    [LoggerMessage(117, LogLevel.Information, "Redis connection restored: grain turns run again")]
    public static partial void RedisRestored(ILogger logger);

    // Once per connection attempt while no silo answers: the edge serves OPTIONS and challenges, grain work gets 503.
    [LoggerMessage(118, LogLevel.Warning, "no silo reachable yet ({Reason}); grain work gets 503 until one answers")]
    public static partial void ClusterWaiting(ILogger logger, string reason);

    [LoggerMessage(120, LogLevel.Warning, "cluster changes may have been missed (change hub restarted or this edge was away): cached blocks and suspensions dropped, grains asked again")]
    public static partial void ChangesMissed(ILogger logger);

    [LoggerMessage(121, LogLevel.Error, "a request handler failed (answered 500; sip_refusals_total{{reason=\"handler_error\"}} counts them, this line at most once a second)")]
    public static partial void HandlerFault(ILogger logger, Exception exception);

    [LoggerMessage(119, LogLevel.Information, "cluster joined: connected to a silo's gateway, following cluster changes")]
    public static partial void ClusterJoined(ILogger logger);
}
