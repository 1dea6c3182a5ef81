using System.Globalization;
using Cluster.Grains.Cdr;

namespace Cluster.Silo.Cdrs;

/// <summary>
/// Which hourly file a record goes to: <c>cdr-YYYYMMDD-HH.SILO.csv</c>, the UTC hour of the call's end, so a new
/// file starts each hour (rotation) and each silo writes only its own files. Pure.
/// </summary>
internal static class CdrFileName
{
    /// <summary>The file for <paramref name="record"/>, stored under stream id <paramref name="streamId"/>.</summary>
    public static string For(CallDetailRecord record, string streamId, string silo) => For(HourOf(record, streamId), silo);

    public static string For(DateTime utcHour, string silo) =>
        string.Create(CultureInfo.InvariantCulture, $"cdr-{utcHour:yyyyMMdd-HH}.{silo}.csv");

    /// <summary>
    /// The call's end; a record without one (a writer's bug) goes by its INVITE, else by when it was stored (the
    /// stream id's milliseconds), so that it still lands in some hour's file.
    /// </summary>
    public static DateTime HourOf(CallDetailRecord record, string streamId)
    {
        var ms = record.EndedAtMs > 0 ? record.EndedAtMs : record.InviteAtMs > 0 ? record.InviteAtMs : StreamIdMs(streamId);
        var t = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(0, ms)).UtcDateTime;
        return new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc);
    }

    /// <summary>
    /// A file-name-safe form of the silo's writer name: <c>10.1.2.3:11111</c> becomes <c>10.1.2.3-11111</c> (no colon,
    /// which Windows shares and some spreadsheet tools refuse in a file name).
    /// </summary>
    public static string SiloLabel(string writerName) =>
        string.Create(writerName.Length, writerName, static (span, name) =>
        {
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-';
            }
        }).Trim('-');

    /// <summary>The milliseconds part of a stream id (<c>1764597000000-3</c>); 0 when it has none.</summary>
    public static long StreamIdMs(string streamId)
    {
        var dash = streamId.IndexOf('-');
        return long.TryParse(dash < 0 ? streamId : streamId[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 0;
    }
}
