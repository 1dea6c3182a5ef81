using Cluster.Tests.Silo;

namespace Cluster.Tests.Admin;

/// <summary>
/// Starts a silo process, again on another port when the free port it picked was taken in between
/// (tests start many listeners in parallel; picking a port and binding it are two steps).
/// </summary>
public static class AdminSilo
{
    public static async Task<SiloProcess> StartAsync(params string[] args)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SiloProcess.StartAsync(args);
            }
            catch (TimeoutException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.Ordinal))
            {
            }
        }
    }
}
