namespace Cluster.Grains.Connection;

/// <summary>
/// Which exceptions of a grain call mean "no silo could answer in time" (as opposed to a bug in the grain):
/// those become <see cref="GrainUnavailableException"/>, which edges answer with 503 + Retry-After.
/// </summary>
public static class TransportFailures
{
    public static bool IsUnavailable(Exception e) => e is
        SiloUnavailableException
        or OrleansMessageRejectionException
        or global::Orleans.Runtime.Messaging.ConnectionFailedException
        or GatewayTooBusyException
        or ClientNotAvailableException
        or TimeoutException
        or OperationCanceledException
        or ObjectDisposedException
        || (e is InvalidOperationException && e.Message.Contains("not", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("connect", StringComparison.OrdinalIgnoreCase))
        || (e is OrleansException && e.GetType() == typeof(OrleansException));
}
