using Cluster.Grains;

namespace Cluster.Silo;

/// <summary><c>/api/endpoints</c>: list, show, unsuspend and kick (remove bindings) endpoints.</summary>
internal static class EndpointApi
{
    /// <summary>Most endpoints one listing returns.</summary>
    internal const int MaxList = 1000;

    public static void Map(WebApplication app)
    {
        // a fan-out over the endpoint shard grains (counted first, then only as many entries as the limit asks)
        app.MapGet("/api/endpoints", async (int? limit, IGrainFactory orleans, TimeProvider time) =>
        {
            if (limit is < 1 or > MaxList)
            {
                return ApiResults.BadRequest($"limit: expected 1-{MaxList}");
            }

            var now = time.GetUtcNow();
            var listing = await EndpointDirectory.ListAsync(orleans, limit ?? 100, now);
            return Results.Ok(new ScanPage<EndpointState>(listing.Endpoints.Count, listing.Truncated, listing.Endpoints));
        });

        app.MapGet("/api/endpoints/{user}", async (string user, SiloState state, IClusterGrains grains, TimeProvider time) =>
            Check(user, state) ?? Results.Ok(await state.GrainLatency.TimeAsync(() => grains.GetEndpointGrain(user).GetAsync(time.GetUtcNow()))));

        app.MapPost("/api/endpoints/{user}/unsuspend", async (string user, HttpContext context, SiloState state, IClusterGrains grains, AdminAudit audit, TimeProvider time) =>
        {
            if (Check(user, state) is { } error)
            {
                return error;
            }

            var grain = grains.GetEndpointGrain(user);
            await grain.UnsuspendAsync(time.GetUtcNow());
            audit.Change(context, $"unsuspend endpoint {user}");
            return Results.Ok(await grain.GetAsync(time.GetUtcNow()));
        });

        // kick: drop one binding (contact given) or all of them; the phone must register again.
        app.MapPost("/api/endpoints/{user}/kick", async (string user, string? contact, HttpContext context, SiloState state, IClusterGrains grains, AdminAudit audit, TimeProvider time) =>
        {
            if (Check(user, state) is { } error)
            {
                return error;
            }

            if (contact is { Length: 0 or > 512 })
            {
                return ApiResults.BadRequest("contact: expected a contact URI as shown by endpoint show");
            }

            var now = time.GetUtcNow();
            var grain = grains.GetEndpointGrain(user);
            var removed = await grain.UnregisterAsync(contact, now);
            audit.Change(context, $"kick endpoint {user} contact {contact ?? "*"}: {removed} binding(s) removed");
            if (contact is not null && removed == 0)
            {
                return ApiResults.NotFound($"endpoint '{user}' has no binding with contact '{contact}'");
            }

            return Results.Ok(new KickResult(user, removed, await grain.GetAsync(now)));
        });
    }

    private static IResult? Check(string user, SiloState state)
    {
        if (!ApiResults.IsSafeName(user))
        {
            return ApiResults.BadRequest($"'{user}' is not an account name");
        }

        return state.Provisioning.TryGetAccountPassword(user, out _) ? null : ApiResults.NotFound($"no account '{user}'");
    }
}
