using Microsoft.Extensions.Logging.Console;

namespace Cluster.Silo;

/// <summary>
/// The silo's console log in the edge's shape (Cluster.Edge/Program.cs): one line per entry, starting with the time
/// to the millisecond, so a silo's log laid beside an edge's reads in order and a line can be grepped whole.
/// </summary>
internal static class SiloLogging
{
    /// <summary>The edge's stamp, e.g. <c>10:42:07.315 info: Cluster.Silo.Redis[103] Redis connection lost …</c>.</summary>
    public const string TimestampFormat = "HH:mm:ss.fff ";

    public static ILoggingBuilder AddEdgeStyleConsole(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        return logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = TimestampFormat;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
    }
}
