using Cluster.Grains.Cdr;
using StackExchange.Redis;

namespace Cluster.Tests.Cdrs;

/// <summary>The silo's fixture for the export: before it starts, one record is pending on its consumer, as after a crash.</summary>
public sealed class CdrExportCluster : CdrCluster
{
    public static readonly DateTimeOffset PendingEnded = DateTimeOffset.UtcNow.AddHours(-2);

    protected override Task BeforeSiloAsync() => LeavePendingAsync(CdrSamples.Answered("pending-before-start", PendingEnded));
}

/// <summary>Records XADDed to a real Redis reach the hourly CSV files of a real silo.</summary>
public sealed class CdrExportTests(CdrExportCluster cluster) : IClassFixture<CdrExportCluster>
{
    [Fact]
    public async Task A_record_delivered_before_a_crash_and_never_acknowledged_is_written_when_the_silo_starts()
    {
        // it was delivered to this consumer before the silo started: only re-reading its own pending entries finds it
        var rows = await cluster.WaitForRowAsync(cluster.FilePath(CdrExportCluster.PendingEnded), "pending-before-start");
        Assert.Equal(CdrCsv.Columns, rows[0]);
    }

    [Fact]
    public async Task A_record_is_one_row_of_its_hour_file_under_one_header_and_is_acknowledged_once_written()
    {
        var ended = DateTimeOffset.UtcNow;
        var first = CdrSamples.Answered("now-1", ended);
        var firstId = CdrSamples.Add(cluster.Db, first);
        var rows = await cluster.WaitForRowAsync(cluster.FilePath(ended), "now-1");

        Assert.Equal(CdrCsv.Columns, rows[0]);
        Assert.Single(rows, r => r.SequenceEqual(CdrCsv.Columns));
        Assert.Equal(CdrCsv.Fields(first), Assert.Single(rows, r => r[0] == "now-1"));

        // the export acknowledges a batch before it reads the next: once a later record is written, the first is acked
        CdrSamples.Add(cluster.Db, CdrSamples.Refused("now-2", ended));
        await cluster.WaitForRowAsync(cluster.FilePath(ended), "now-2");
        var pending = await cluster.Db.StreamPendingMessagesAsync(CdrStream.Key, CdrStream.CsvGroup, 100, cluster.Writer);
        Assert.DoesNotContain(pending, p => p.MessageId == firstId);
    }

    [Fact]
    public async Task Records_of_different_hours_go_to_different_files_each_starting_with_the_header()
    {
        var early = DateTimeOffset.UtcNow.AddHours(-5);
        var late = DateTimeOffset.UtcNow.AddHours(-4);
        CdrSamples.Add(cluster.Db, CdrSamples.Answered("hour-5", early));
        CdrSamples.Add(cluster.Db, CdrSamples.Answered("hour-4", late));

        var earlyRows = await cluster.WaitForRowAsync(cluster.FilePath(early), "hour-5");
        var lateRows = await cluster.WaitForRowAsync(cluster.FilePath(late), "hour-4");
        Assert.Equal(CdrCsv.Columns, earlyRows[0]);
        Assert.Equal(CdrCsv.Columns, lateRows[0]);
        Assert.DoesNotContain(earlyRows, r => r[0] == "hour-4");
        Assert.DoesNotContain(lateRows, r => r[0] == "hour-5");
    }

    [Fact]
    public async Task Fields_with_commas_quotes_and_line_breaks_read_back_from_the_file_unchanged()
    {
        var ended = DateTimeOffset.UtcNow.AddHours(-7);
        var record = CdrSamples.Awkward("awkward-1", ended);
        CdrSamples.Add(cluster.Db, record);

        var rows = await cluster.WaitForRowAsync(cluster.FilePath(ended), "awkward-1");
        Assert.Equal(2, rows.Count); // header and the one row: no line break inside a field started another
        Assert.Equal(CdrCsv.Fields(record), rows[1]);
    }

    [Fact]
    public async Task An_entry_that_is_no_cdr_is_skipped_with_a_warning_and_the_next_record_is_written()
    {
        var logged = cluster.Silo.OutputLineCount;
        var badId = (await cluster.Db.StreamAddAsync(CdrStream.Key, CdrStream.Field, "{not json")).ToString();
        var ended = DateTimeOffset.UtcNow.AddHours(-9);
        CdrSamples.Add(cluster.Db, CdrSamples.Answered("beside-bad", ended));
        await cluster.WaitForRowAsync(cluster.FilePath(ended), "beside-bad");

        // read in a later batch than the damaged entry, so the damaged one was acknowledged before it was read
        CdrSamples.Add(cluster.Db, CdrSamples.Answered("after-bad", ended));
        await cluster.WaitForRowAsync(cluster.FilePath(ended), "after-bad");
        await cluster.Silo.WaitForOutputLineAsync(l => l.Contains($"stream entry {badId} of cdrs is no CDR", StringComparison.Ordinal),
            "the warning about the damaged entry", logged);
        var pending = await cluster.Db.StreamPendingMessagesAsync(CdrStream.Key, CdrStream.CsvGroup, 100, cluster.Writer);
        Assert.DoesNotContain(pending, p => p.MessageId == (RedisValue)badId); // acknowledged, so it cannot hold the export up
    }

    [Fact]
    public async Task A_record_with_only_its_required_fields_is_written_in_the_hour_it_was_stored()
    {
        var id = (await cluster.Db.StreamAddAsync(CdrStream.Key, CdrStream.Field, """{"call_id":"minimal-1","customer_call_id":"m","customer":"cust-ip"}""")).ToString();
        var stored = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(id[..id.IndexOf('-')]));

        var rows = await cluster.WaitForRowAsync(cluster.FilePath(stored), "minimal-1");
        Assert.Equal(["minimal-1", "m", "cust-ip"], rows.Single(r => r[0] == "minimal-1")[..3]);
        Assert.Equal("udp", rows.Single(r => r[0] == "minimal-1")[20]);
    }
}
