using System.Net;
using Cluster.Grains.Changes;
using Cluster.Grains;
using Cluster.Grains.Hosting;

namespace Cluster.Silo;

/// <summary><c>/api/ips</c>: show, block, unblock source IPs and the top (blocked, most failing) sources.</summary>
internal static class SourceIpApi
{
    private const int MaxBlockSeconds = 30 * 86_400;

    public static void Map(WebApplication app)
    {
        // Every shard answers with its own top (Task.WhenAll over the shards): no SCAN, and nothing is left out.
        app.MapGet("/api/ips", async (int? top, SiloState state, IGrainFactory orleans, TimeProvider time) =>
        {
            if (top is < 1 or > 1000)
            {
                return ApiResults.BadRequest("top: expected 1-1000");
            }

            var ranked = await state.GrainLatency.TimeAsync(() => SourceIpShards.TopAsync(orleans, top ?? 20, time.GetUtcNow()));
            return Results.Ok(new ScanPage<SourceIpState>(ranked.Tracked, false, ranked.Sources));
        });

        app.MapGet("/api/ips/{addr}", async (string addr, SiloState state, IClusterGrains grains, TimeProvider time) =>
            IPAddress.TryParse(addr, out var ip)
                ? Results.Ok(await state.GrainLatency.TimeAsync(() => grains.GetSourceIpGrain(ip).GetAsync(time.GetUtcNow())))
                : ApiResults.BadRequest($"'{addr}' is not an IP address"));

        // reason is the operator's note for the audit log; the grain records the block as Manual.
        app.MapPost("/api/ips/{addr}/block", async (string addr, int? seconds, string? reason, HttpContext context, IClusterGrains grains, ClusterChangesChannel changes, AdminAudit audit, TimeProvider time) =>
        {
            if (!IPAddress.TryParse(addr, out var ip))
            {
                return ApiResults.BadRequest($"'{addr}' is not an IP address");
            }

            if (seconds is < 1 or > MaxBlockSeconds)
            {
                return ApiResults.BadRequest($"seconds: expected 1-{MaxBlockSeconds}");
            }

            if (reason is { Length: > 200 })
            {
                return ApiResults.BadRequest("reason: at most 200 characters");
            }

            var now = time.GetUtcNow();
            var until = now.AddSeconds(seconds ?? 3600);
            var grain = grains.GetSourceIpGrain(ip);
            var verdict = await grain.BlockAsync(until, BlockReason.Manual, now);

            // Edges cache blocks; without this they would learn it only at the source's next grain call.
            var untilMs = (verdict.BlockedUntil ?? until).ToUnixTimeMilliseconds();
            await changes.TryPublishAsync($"block ip {Canonical(ip)} {untilMs}");
            audit.Change(context, $"block ip {Canonical(ip)} for {seconds ?? 3600} s until {until:O}, reason '{reason ?? "manual"}'");
            return Results.Ok(await grain.GetAsync(now));
        });

        app.MapPost("/api/ips/{addr}/unblock", async (string addr, HttpContext context, IClusterGrains grains, AdminAudit audit, TimeProvider time) =>
        {
            if (!IPAddress.TryParse(addr, out var ip))
            {
                return ApiResults.BadRequest($"'{addr}' is not an IP address");
            }

            var grain = grains.GetSourceIpGrain(ip);
            await grain.UnblockAsync(); // the shard grain announces 'unblock ip ADDR' itself
            audit.Change(context, $"unblock ip {Canonical(ip)}");
            return Results.Ok(await grain.GetAsync(time.GetUtcNow()));
        });
    }

    private static IPAddress Canonical(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
}
