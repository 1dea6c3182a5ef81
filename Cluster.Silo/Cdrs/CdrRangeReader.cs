using Cluster.Grains.Cdr;
using StackExchange.Redis;

namespace Cluster.Silo.Cdrs;

/// <summary>
/// Reads the CDR stream by time for the admin API: XREVRANGE from <c>until</c> down to <c>since</c> (stream ids are
/// the milliseconds each record was stored), a page at a time, keeping the records that match, until max of them are
/// found or <see cref="ScanLimit"/> entries were looked at. Entries that are no CDR are counted and skipped.
/// </summary>
internal static class CdrRangeReader
{
    public const int PageSize = 1000;

    /// <summary>Entries looked at per request at most, so one filtered query cannot keep a silo busy for long.</summary>
    public const int ScanLimit = 200_000;

    public static async Task<CdrRange> ReadAsync(IDatabase db, CdrQuery query)
    {
        var found = new List<(string Id, CallDetailRecord Record)>(Math.Min(query.Max, PageSize));
        var scanned = 0;
        var skipped = 0;
        var truncated = false;
        RedisValue top = query.Until.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        RedisValue bottom = query.Since.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (true)
        {
            var page = await db.StreamRangeAsync(CdrStream.Key, bottom, top, PageSize, Order.Descending).ConfigureAwait(false);
            foreach (var entry in page)
            {
                if (found.Count == query.Max || scanned == ScanLimit)
                {
                    truncated = true;
                    break;
                }

                scanned++;
                if (CdrEntry.Decode(entry[CdrStream.Field]) is not { } record)
                {
                    skipped++;
                    continue;
                }

                if (query.Matches(record))
                {
                    found.Add((entry.Id.ToString(), record));
                }
            }

            if (truncated || page.Length < PageSize)
            {
                break;
            }

            top = "(" + page[^1].Id; // exclusive: the next page starts below the last id seen
        }

        return new CdrRange(found, scanned, skipped, truncated);
    }
}
