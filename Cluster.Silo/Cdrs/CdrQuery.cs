using System.Globalization;
using Cluster.Grains.Cdr;

namespace Cluster.Silo.Cdrs;

/// <summary>
/// What <c>GET /api/cdrs</c> asks for: records stored from <see cref="Since"/> to <see cref="Until"/> (both included;
/// a record is stored when its call ends), of one gateway or all, at most <see cref="Max"/>, newest first. Pure:
/// <see cref="TryParse"/> turns the query string into this or into an error naming the parameter.
/// </summary>
internal sealed record CdrQuery(string? Gateway, DateTimeOffset Since, DateTimeOffset Until, int Max, bool Csv)
{
    public const int DefaultMax = 100;

    public const int MaxCap = 10_000;

    /// <summary>Without <c>since</c>: this long before <c>until</c> (which defaults to now).</summary>
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromHours(1);

    /// <summary>A record of the gateway: its customer, or any vendor it was offered to.</summary>
    public bool Matches(CallDetailRecord r)
    {
        if (Gateway is null || r.Customer == Gateway || r.Vendor == Gateway)
        {
            return true;
        }

        foreach (var a in r.Attempts)
        {
            if (a.Vendor == Gateway)
            {
                return true;
            }
        }

        return false;
    }

    public static CdrQuery? TryParse(string? gateway, string? since, string? until, string? max, string? format, DateTimeOffset now, out string? error)
    {
        error = null;
        now = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()); // stream ids have milliseconds
        if (gateway is not null && !ApiResults.IsSafeName(gateway))
        {
            error = $"gateway: '{gateway}' is not a gateway name (letters, digits, '-', '_', '.', '+')";
            return null;
        }

        var end = now;
        if (until is not null && !TryParseTime(until, out end))
        {
            error = $"until: expected ISO 8601 (2026-12-01T13:00:00Z) or Unix milliseconds, got '{until}'";
            return null;
        }

        var start = end - DefaultSpan;
        if (since is not null && !TryParseTime(since, out start))
        {
            error = $"since: expected ISO 8601 (2026-12-01T13:00:00Z) or Unix milliseconds, got '{since}'";
            return null;
        }

        if (start > end)
        {
            error = $"since: {start:O} is after until {end:O}";
            return null;
        }

        var count = DefaultMax;
        if (max is not null && (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxCap))
        {
            error = $"max: expected a whole number 1-{MaxCap}, got '{max}'";
            return null;
        }

        var csv = false;
        switch (format)
        {
            case null or "json":
                break;
            case "csv":
                csv = true;
                break;
            default:
                error = $"format: expected json or csv, got '{format}'";
                return null;
        }

        return new CdrQuery(gateway, start, end, count, csv);
    }

    /// <summary>
    /// Unix milliseconds (digits only), or ISO 8601 with a date (<c>2026-12-01</c>, <c>2026-12-01T13:00:00Z</c>,
    /// <c>…+02:00</c>); without an offset the time is UTC.
    /// </summary>
    public static bool TryParseTime(string text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length is 0 or > 40)
        {
            return false;
        }

        if (text.All(char.IsAsciiDigit))
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > 253_402_300_799_999)
            {
                return false;
            }

            time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }

        // ISO 8601 only: a year first, never a culture's 12/01/2026. A '+' of an offset that arrived unencoded in a
        // query string reads as a space: put it back.
        if (text.Length < 10 || !char.IsAsciiDigit(text[0]) || text[4] != '-' || text[7] != '-')
        {
            return false;
        }

        if (text.Length > 19 && text[19..].Contains(' ', StringComparison.Ordinal))
        {
            text = text[..19] + text[19..].Replace(' ', '+');
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
