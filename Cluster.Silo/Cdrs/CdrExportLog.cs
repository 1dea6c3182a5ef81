namespace Cluster.Silo.Cdrs;

/// <summary>The CSV export's log lines, with fixed event ids (800s) so alerts can match them.</summary>
internal static partial class CdrExportLog
{
    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "CDR export started: consumer {Consumer} of group {Group} on stream {Stream}, files in {Directory}")]
    public static partial void Started(ILogger logger, string consumer, string group, string stream, string directory);

    // Lost and resumed bracket an outage: CDRs wait in the stream meanwhile, none is lost.
    [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "CDR export paused, Redis unavailable ({Reason}): CDRs wait in the stream, retried with backoff")]
    public static partial void RedisLost(ILogger logger, string reason);

    [LoggerMessage(EventId = 802, Level = LogLevel.Information, Message = "CDR export resumed: Redis answers again")]
    public static partial void RedisRestored(ILogger logger);

    [LoggerMessage(EventId = 803, Level = LogLevel.Warning, Message = "CDR file {File} not written ({Reason}): the CDRs stay pending and are written again, retried with backoff")]
    public static partial void WriteFailed(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 804, Level = LogLevel.Information, Message = "CDR files written again")]
    public static partial void WriteRestored(ILogger logger);

    // A damaged entry is acknowledged (it stays in the stream for XRANGE), so it cannot hold the export up forever.
    [LoggerMessage(EventId = 805, Level = LogLevel.Warning, Message = "stream entry {Id} of {Stream} is no CDR this silo can read, skipped: {Text}")]
    public static partial void Undecodable(ILogger logger, string id, string stream, string text);

    [LoggerMessage(EventId = 806, Level = LogLevel.Information, Message = "CDR file {File} started")]
    public static partial void FileStarted(ILogger logger, string file);

    [LoggerMessage(EventId = 808, Level = LogLevel.Error, Message = "CDR export failed unexpectedly, retried in 10 s")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 807, Level = LogLevel.Information, Message = "consumer group {Group} created on stream {Stream}")]
    public static partial void GroupCreated(ILogger logger, string group, string stream);
}
