using Cluster.Grains;

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

        app.MapPost("/api/gateways/{name}/calls/{callId}/hangup", async (string name, string callId, HttpContext context, SiloState state, IClusterGrains grains, AdminAudit audit, TimeProvider time) =>
        {
            if (Check(name, state) is { } problem)
            {
                return problem;
            }

            if (callId.Length is 0 or > 256 || callId.Any(char.IsControl))
            {
                return ApiResults.BadRequest("callId: 1-256 printable characters");
            }

            if (!await grains.GetGatewayGrain(name).HangupNowAsync(callId, time.GetUtcNow()))
            {
                return ApiResults.NotFound($"no answered call '{callId}' on gateway '{name}'");
            }

            audit.Change(context, $"hang up call {callId} on {name}");
            return Results.Ok(new { callId, gateway = name, hangup = "BYE to both sides within a second" });
        });
    }

    // Answered calls are recorded on the customer's (mapping) gateway, so only those names list any.
    private static IResult? Check(string name, SiloState state) =>
        !ApiResults.IsSafeName(name) ? ApiResults.BadRequest($"'{name}' is not a gateway name (letters, digits, '-', '_', '.')")
        : state.Provisioning.MappingGateways.Any(g => g.Name == name) ? null
        : ApiResults.NotFound($"no mapping gateway named '{name}' (answered calls are kept on the customer's gateway)");
}
