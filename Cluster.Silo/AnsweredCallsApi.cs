using Cluster.Grains;
using Cluster.Grains.Calls;
using Cluster.Grains.Cdr;
using Cluster.Silo.Hangup;

namespace Cluster.Silo;

/// <summary>
/// Answered calls of a customer (mapping gateway) and the operator's hang-up, the cluster's counterpart of
/// Kamailio's <c>dlg.list</c> / <c>dlg.end_dlg</c>: <c>GET /api/gateways/{name}/calls</c> lists them from the
/// gateway grain's dialog records, soonest due first; <c>POST …/calls/{callId}/hangup</c> makes the call due
/// now, and the silo's maximum-duration reminder sends the BYEs within a second (so the hang-up, its BYEs
/// and the line release follow one path, whichever silo holds the reminder).
/// </summary>
internal static class AnsweredCallsApi
{
    private const int MaxListed = 1000;

    public static void Map(WebApplication app)
    {
        app.MapGet("/api/gateways/{name}/calls", async (string name, int? max, SiloState state, IClusterGrains grains, TimeProvider time) =>
        {
            if (Check(name, state) is { } problem)
            {
                return problem;
            }

            if (max is < 1 or > MaxListed)
            {
                return ApiResults.BadRequest($"max: expected 1-{MaxListed}");
            }

            var now = time.GetUtcNow();
            var calls = await state.GrainLatency.TimeAsync(() => grains.GetGatewayGrain(name).ListAnsweredAsync(now, max ?? 100));
            return Results.Ok(calls.Select(c => AnsweredCallView.Of(c, now)));
        });

        app.MapPost("/api/gateways/{name}/calls/{callId}/hangup", async (string name, string callId, HttpContext context, SiloState state, HangupSender hangups, AdminAudit audit) =>
        {
            if (Check(name, state) is { } problem)
            {
                return problem;
            }

            if (callId.Length is 0 or > 256 || callId.Any(char.IsControl))
            {
                return ApiResults.BadRequest("callId: 1-256 printable characters");
            }

            return await HangUpAsync(callId, context, hangups, audit);
        });

        // live calls: every mapping gateway's leased calls (a call holds a line on its customer), each asked of its grain
        app.MapGet("/api/calls/live", async (string? gateway, int? max, SiloState state, IClusterGrains grains) =>
        {
            if (max is < 1 or > MaxListed)
            {
                return ApiResults.BadRequest($"max: expected 1-{MaxListed}");
            }

            var customers = state.Provisioning.MappingGateways.Select(g => g.Name).Where(n => gateway is null || n == gateway).ToList();
            if (gateway is not null && customers.Count == 0)
            {
                return ApiResults.NotFound($"no mapping gateway named '{gateway}' (live calls are listed by their customer)");
            }

            var limit = max ?? 100;
            var ids = new List<string>();
            foreach (var name in customers)
            {
                ids.AddRange(await state.GrainLatency.TimeAsync(() => grains.GetGatewayGrain(name).ListCallsAsync(limit - ids.Count)));
                if (ids.Count >= limit)
                {
                    break;
                }
            }

            var calls = await Task.WhenAll(ids.Where(CallIds.IsId).Select(id => grains.GetCallGrain(id).GetAsync()));
            return Results.Ok(calls.Where(c => c is { State: not CallState.Ended }));
        });

        app.MapGet("/api/calls/{callId}", async (string callId, SiloState state, IClusterGrains grains) =>
        {
            if (!CallIds.IsId(callId))
            {
                return ApiResults.BadRequest("callId: the call's id as calls list shows it (24 hex digits)");
            }

            return await state.GrainLatency.TimeAsync(() => grains.GetCallGrain(callId).GetAsync()) is { State: not CallState.Ended } call
                ? Results.Ok(call)
                : ApiResults.NotFound($"no live call '{callId}'");
        });

        app.MapPost("/api/calls/{callId}/hangup", async (string callId, HttpContext context, HangupSender hangups, AdminAudit audit) =>
        {
            if (!CallIds.IsId(callId))
            {
                return ApiResults.BadRequest("callId: the call's id as calls list shows it (24 hex digits)");
            }

            return await HangUpAsync(callId, context, hangups, audit);
        });
    }

    private static async Task<IResult> HangUpAsync(string callId, HttpContext context, HangupSender hangups, AdminAudit audit)
    {
        switch (await hangups.HangUpAsync(callId, CallReleaser.Operator))
        {
            case null:
                return ApiResults.Unavailable($"the call grain of '{callId}' did not answer; try again");
            case false:
                return ApiResults.NotFound($"no answered call '{callId}'");
        }

        audit.Change(context, $"hang up call {callId}");
        return Results.Ok(new { callId, hangup = "ended; BYE sent to both sides" });
    }

    // Answered calls are recorded on the customer's (mapping) gateway, so only those names list any.
    private static IResult? Check(string name, SiloState state) =>
        !ApiResults.IsSafeName(name) ? ApiResults.BadRequest($"'{name}' is not a gateway name (letters, digits, '-', '_', '.')")
        : state.Provisioning.MappingGateways.Any(g => g.Name == name) ? null
        : ApiResults.NotFound($"no mapping gateway named '{name}' (answered calls are kept on the customer's gateway)");
}
