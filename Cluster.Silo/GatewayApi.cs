using Cluster.Grains;

namespace Cluster.Silo;

/// <summary><c>/api/gateways</c> and <c>/api/calls</c>: provisioning plus each gateway grain's live view.</summary>
internal static class GatewayApi
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/gateways", async (SiloState state, IClusterGrains grains, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            var p = state.Provisioning;
            var views = new List<GatewayView>();
            foreach (var g in p.MappingGateways)
            {
                var (stats, error) = await TryStatsAsync(state, grains, g.Name, now);
                views.Add(GatewayView.Mapping(g, stats, error));
            }

            foreach (var g in p.RoutingGateways)
            {
                var (stats, error) = await TryStatsAsync(state, grains, g.Name, now);
                views.Add(GatewayView.Routing(g, stats, error));
            }

            return Results.Ok(views);
        });

        app.MapGet("/api/gateways/{name}", async (string name, SiloState state, IClusterGrains grains, TimeProvider time) =>
        {
            if (!ApiResults.IsSafeName(name))
            {
                return ApiResults.BadRequest($"'{name}' is not a gateway name (letters, digits, '-', '_', '.')");
            }

            var now = time.GetUtcNow();
            var p = state.Provisioning;
            if (p.MappingGateways.FirstOrDefault(g => g.Name == name) is { } m)
            {
                return Results.Ok(GatewayView.Mapping(m, await state.GrainLatency.TimeAsync(() => grains.GetGatewayGrain(name).StatsAsync(now))));
            }

            if (p.RoutingGateways.FirstOrDefault(g => g.Name == name) is { } r)
            {
                return Results.Ok(GatewayView.Routing(r, await state.GrainLatency.TimeAsync(() => grains.GetGatewayGrain(name).StatsAsync(now))));
            }

            return ApiResults.NotFound($"no gateway named '{name}'");
        });

        // Calls in progress are the gateways' line leases; a call holds one line on each gateway it crosses.
        app.MapGet("/api/calls", async (SiloState state, IClusterGrains grains, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            var p = state.Provisioning;
            var gateways = p.MappingGateways.Select(g => (g.Name, Kind: "mapping"))
                .Concat(p.RoutingGateways.Select(g => (g.Name, Kind: "routing")));
            var calls = new List<GatewayCalls>();
            foreach (var (name, kind) in gateways)
            {
                var (s, error) = await TryStatsAsync(state, grains, name, now);
                calls.Add(s is null
                    ? new GatewayCalls(name, kind, 0, 0, 0, 0, error)
                    : new GatewayCalls(name, kind, s.LinesInUse, s.LineLimit, s.CurrentCps, s.CpsLimit, null));
            }

            return Results.Ok(calls);
        });
    }

    // The list stays useful while Redis is away: provisioning is local, only the live view is missing.
    private static async Task<(GatewayStats? Stats, string? Error)> TryStatsAsync(SiloState state, IClusterGrains grains, string name, DateTimeOffset now)
    {
        try
        {
            return (await state.GrainLatency.TimeAsync(() => grains.GetGatewayGrain(name).StatsAsync(now)), null);
        }
        catch (GrainUnavailableException e)
        {
            return (null, e.Message);
        }
    }
}
