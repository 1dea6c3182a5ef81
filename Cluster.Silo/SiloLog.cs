using System.Net;

namespace Cluster.Silo;

/// <summary>The silo's audit and access log lines, with fixed event ids so alerts can match them.</summary>
internal static partial class SiloLog
{
    /// <summary>Every admin change: who (source address) and what.</summary>
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "admin change by {Source}: {Change}")]
    public static partial void AdminChange(ILogger logger, string source, string change);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "admin call refused (401, bad or missing token) from {Source}: {Method} {Path}")]
    public static partial void AdminUnauthorized(ILogger logger, string source, string method, string path);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "admin call refused (403, source not in --admin-allow) from {Source}: {Method} {Path}")]
    public static partial void AdminForbidden(ILogger logger, string source, string method, string path);

    // Lost and restored bracket a Redis outage in the log: admin calls and reminders fail in between.
    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Redis connection lost ({Reason}): admin calls and reminders fail until it is back")]
    public static partial void RedisLost(ILogger logger, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Redis connection restored: grain turns run again")]
    public static partial void RedisRestored(ILogger logger);

    public static string Source(HttpContext context) => Source(context.Connection.RemoteIpAddress);

    public static string Source(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
