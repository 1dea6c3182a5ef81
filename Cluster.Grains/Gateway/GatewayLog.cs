using Microsoft.Extensions.Logging;

namespace Cluster.Grains;

internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "gateway {Gateway}: activation with epoch {Epoch} was superseded ({What} refused); it steps down")]
    public static partial void SteppedDown(ILogger logger, string gateway, string what, long epoch);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "gateway {Gateway}: timer tick failed, retried next tick: {Message}")]
    public static partial void TickFailed(ILogger logger, string gateway, string message);
}
