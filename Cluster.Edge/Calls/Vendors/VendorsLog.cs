using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Calls.Vendors;

/// <summary>Source-generated log messages of vendor address resolution (event ids 320-329), one per change of a name's state.</summary>
internal static partial class VendorsLog
{
    [LoggerMessage(320, LogLevel.Warning, "Vendor address {Address} ({Transport}) does not resolve: {Why}; calls skip it like an offline vendor until it does (asked again every {RetrySeconds} s)")]
    public static partial void Unresolvable(ILogger logger, string address, string transport, string why, int retrySeconds);

    [LoggerMessage(321, LogLevel.Information, "Vendor address {Address} ({Transport}) resolves again, to {EndPoints}")]
    public static partial void ResolvesAgain(ILogger logger, string address, string transport, string endPoints);

    [LoggerMessage(322, LogLevel.Debug, "Vendor address {Address} ({Transport}) resolves to {EndPoints}")]
    public static partial void Resolved(ILogger logger, string address, string transport, string endPoints);
}
