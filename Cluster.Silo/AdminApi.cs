using System.Net;
using Cluster.Grains;

namespace Cluster.Silo;

/// <summary>
/// The admin API (JSON): gateways, endpoints and source IPs as the grains see them, plus the
/// few ops actions (block, unblock, unsuspend). Errors are <see cref="ApiError"/> with a 4xx/503.
/// </summary>
internal static class AdminApi
{
    public static void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (GrainUnavailableException e) when (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsJsonAsync(new ApiError(e.Message));
            }
        });

        app.MapGet("/api/gateways", async (SiloState state, IGrainFactory grains, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            var p = state.Provisioning;
            var views = new List<GatewayView>();
            foreach (var g in p.MappingGateways)
            {
                var (stats, error) = await TryStatsAsync(grains, g.Name, now);
                views.Add(GatewayView.Mapping(g, stats, error));
            }

            foreach (var g in p.RoutingGateways)
            {
                var (stats, error) = await TryStatsAsync(grains, g.Name, now);
                views.Add(GatewayView.Routing(g, stats, error));
            }

            return Results.Ok(views);
        });

        app.MapGet("/api/gateways/{name}", async (string name, SiloState state, IGrainFactory grains, TimeProvider time) =>
        {
            if (!IsSafeName(name))
            {
                return BadRequest($"'{name}' is not a gateway name (letters, digits, '-', '_', '.')");
            }

            var now = time.GetUtcNow();
            var p = state.Provisioning;
            if (p.MappingGateways.FirstOrDefault(g => g.Name == name) is { } m)
            {
                return Results.Ok(GatewayView.Mapping(m, await grains.GetGatewayGrain(name).StatsAsync(now)));
            }

            if (p.RoutingGateways.FirstOrDefault(g => g.Name == name) is { } r)
            {
                return Results.Ok(GatewayView.Routing(r, await grains.GetGatewayGrain(name).StatsAsync(now)));
            }

            return NotFound($"no gateway named '{name}'");
        });

        app.MapGet("/api/endpoints/{user}", async (string user, SiloState state, IGrainFactory grains, TimeProvider time) =>
        {
            if (!IsSafeName(user))
            {
                return BadRequest($"'{user}' is not an account name");
            }

            if (!state.Provisioning.TryGetAccountPassword(user, out _))
            {
                return NotFound($"no account '{user}'");
            }

            return Results.Ok(await grains.GetEndpointGrain(user).GetAsync(time.GetUtcNow()));
        });

        app.MapPost("/api/endpoints/{user}/unsuspend", async (string user, SiloState state, IGrainFactory grains, TimeProvider time) =>
        {
            if (!IsSafeName(user))
            {
                return BadRequest($"'{user}' is not an account name");
            }

            if (!state.Provisioning.TryGetAccountPassword(user, out _))
            {
                return NotFound($"no account '{user}'");
            }

            var grain = grains.GetEndpointGrain(user);
            await grain.UnsuspendAsync();
            return Results.Ok(await grain.GetAsync(time.GetUtcNow()));
        });

        app.MapGet("/api/ips/{addr}", async (string addr, IGrainFactory grains, TimeProvider time) =>
            IPAddress.TryParse(addr, out var ip)
                ? Results.Ok(await grains.GetSourceIpGrain(ip).GetAsync(time.GetUtcNow()))
                : BadRequest($"'{addr}' is not an IP address"));

        app.MapPost("/api/ips/{addr}/block", async (string addr, int? seconds, IGrainFactory grains, TimeProvider time) =>
        {
            if (!IPAddress.TryParse(addr, out var ip))
            {
                return BadRequest($"'{addr}' is not an IP address");
            }

            if (seconds is < 1 or > 30 * 86_400)
            {
                return BadRequest("seconds: expected 1-2592000");
            }

            var now = time.GetUtcNow();
            var grain = grains.GetSourceIpGrain(ip);
            await grain.BlockAsync(now.AddSeconds(seconds ?? 3600), BlockReason.Manual, now);
            return Results.Ok(await grain.GetAsync(now));
        });

        app.MapPost("/api/ips/{addr}/unblock", async (string addr, IGrainFactory grains, TimeProvider time) =>
        {
            if (!IPAddress.TryParse(addr, out var ip))
            {
                return BadRequest($"'{addr}' is not an IP address");
            }

            var grain = grains.GetSourceIpGrain(ip);
            await grain.UnblockAsync();
            return Results.Ok(await grain.GetAsync(time.GetUtcNow()));
        });

        app.MapGet("/metrics", async (SiloState state, RedisGrainFactory grains, TimeProvider time) =>
            Results.Text(await SiloMetrics.RenderAsync(state, grains, time.GetUtcNow()), "text/plain; version=0.0.4"));

        app.MapFallback((HttpContext context) => NotFound($"no such resource: {context.Request.Method} {context.Request.Path}"));
    }

    // The list stays useful while Redis is away: provisioning is local, only the live view is missing.
    private static async Task<(GatewayStats? Stats, string? Error)> TryStatsAsync(IGrainFactory grains, string name, DateTimeOffset now)
    {
        try
        {
            return (await grains.GetGatewayGrain(name).StatsAsync(now), null);
        }
        catch (GrainUnavailableException e)
        {
            return (null, e.Message);
        }
    }

    private static IResult BadRequest(string message) => Results.Json(new ApiError(message), statusCode: StatusCodes.Status400BadRequest);

    private static IResult NotFound(string message) => Results.Json(new ApiError(message), statusCode: StatusCodes.Status404NotFound);

    private static bool IsSafeName(string s) =>
        s.Length is > 0 and <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+');
}
