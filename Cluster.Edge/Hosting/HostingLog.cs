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
}
