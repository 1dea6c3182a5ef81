using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Memory;

internal static partial class MemoryLog
{
    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "quiet after a burst: heap trimmed from {BeforeMiB} MiB to {AfterMiB} MiB committed")]
    public static partial void Trimmed(ILogger logger, long beforeMiB, long afterMiB);
}
