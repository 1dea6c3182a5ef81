using System.Text;
using Cluster.Grains.Cdr;
using Cluster.Grains.Hosting;
using StackExchange.Redis;

namespace Cluster.Silo.Cdrs;

/// <summary>
/// <c>GET /api/cdrs?gateway=G&amp;since=T&amp;until=T&amp;max=N&amp;format=json|csv</c>: call detail records from the
/// Redis stream, newest first (see <see cref="CdrQuery"/> for the defaults). <c>format=csv</c> answers the files'
/// columns (<see cref="CdrCsv"/>), which <c>Cluster.Admin cdr list --csv</c> prints. Read-only, so not audited.
/// </summary>
internal static class CdrApi
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/cdrs", async (string? gateway, string? since, string? until, string? max, string? format, ClusterRedis redis, TimeProvider time) =>
        {
            if (CdrQuery.TryParse(gateway, since, until, max, format, time.GetUtcNow(), out var error) is not { } query)
            {
                return ApiResults.BadRequest(error!);
            }

            CdrRange range;
            try
            {
                range = await CdrRangeReader.ReadAsync(redis.Host.Multiplexer.GetDatabase(), query);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                return Results.Json(new ApiError($"CDRs unavailable, Redis does not answer: {e.Message}"), statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            if (query.Csv)
            {
                var text = new StringBuilder(CdrCsv.Header, 256 * (range.Found.Count + 1));
                foreach (var (_, record) in range.Found)
                {
                    text.Append(CdrCsv.Row(record));
                }

                return Results.Text(text.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
            }

            var items = range.Found.Select(f => CdrView.Of(f.Id, f.Record)).ToList();
            return Results.Json(new CdrPage(query.Gateway, query.Since, query.Until, "newest_first", range.Scanned, range.Skipped, range.Truncated, items), CdrView.Json);
        });
    }
}
