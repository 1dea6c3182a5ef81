using Cluster.Grains.Cdr;
using Cluster.Grains.Hosting;
using StackExchange.Redis;

namespace Cluster.Silo.Cdrs;

/// <summary>
/// Writes the CDR stream to this silo's hourly CSV files. The silos share the stream's consumer group
/// <see cref="CdrStream.CsvGroup"/>, so each record goes to one silo's files; this silo's consumer is its writer name
/// (advertise address and silo port). A batch is written and flushed to disk, then acknowledged (XACK).
/// <para>
/// At least once: at start, and after any failure, the silo first re-reads its own pending entries (id 0), so a record
/// read but not acknowledged is written again. A crash between the flush and the XACK therefore writes that batch
/// twice; <c>call_id</c> identifies the duplicates. Batches written whose XACK failed are acknowledged first when Redis
/// is back, so a Redis outage alone duplicates nothing.
/// </para>
/// Redis away: retried with <see cref="RetryBackoff"/>, logged once per outage (event 801) and when it answers again (802).
/// </summary>
internal sealed class CdrCsvExport(ClusterRedis redis, SiloOptions options, TimeProvider time, ILogger<CdrCsvExport> log) : BackgroundService
{
    /// <summary>Entries read per XREADGROUP; a full batch is followed by the next read at once.</summary>
    public const int BatchSize = 500;

    /// <summary>
    /// The wait between reads while the stream has nothing new. StackExchange.Redis sends no blocking XREADGROUP (its
    /// connection is shared), so the export asks again; a record is in its file within about this long.
    /// </summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);

    private readonly string _consumer = options.CdrWriterName;
    private readonly string _silo = CdrFileName.SiloLabel(options.CdrWriterName);
    private readonly CdrFileWriter _files = new(options.CdrDirectory, log);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        CdrExportLog.Started(log, _consumer, CdrStream.CsvGroup, CdrStream.Key.ToString(), _files.Directory);
        var db = redis.Host.Multiplexer.GetDatabase();
        var groupReady = false;
        RedisValue? pendingAfter = "0-0"; // null: read new entries (">"); an id: re-read own pending entries after it
        RedisValue[] unacknowledged = [];
        var redisFailures = 0;
        var writeFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!groupReady)
                {
                    await CreateGroupAsync(db).ConfigureAwait(false);
                    groupReady = true;
                }

                if (unacknowledged.Length > 0)
                {
                    await db.StreamAcknowledgeAsync(CdrStream.Key, CdrStream.CsvGroup, unacknowledged).ConfigureAwait(false);
                    unacknowledged = [];
                }

                var entries = await db.StreamReadGroupAsync(
                    CdrStream.Key, CdrStream.CsvGroup, _consumer, pendingAfter ?? StreamPosition.NewMessages, BatchSize).ConfigureAwait(false);
                if (redisFailures > 0)
                {
                    redisFailures = 0;
                    CdrExportLog.RedisRestored(log);
                }

                if (entries.Length == 0)
                {
                    if (pendingAfter is not null)
                    {
                        pendingAfter = null; // own pending entries done: on to new ones
                        continue;
                    }

                    await DelayAsync(IdlePoll, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var ids = Write(entries, ref writeFailures);
                if (ids is null)
                {
                    pendingAfter = "0-0"; // not written: the batch is still pending, read it again after the backoff
                    await DelayAsync(RetryBackoff.After(writeFailures), stoppingToken).ConfigureAwait(false);
                    continue;
                }

                unacknowledged = ids;
                if (pendingAfter is not null)
                {
                    pendingAfter = entries[^1].Id;
                }

                await db.StreamAcknowledgeAsync(CdrStream.Key, CdrStream.CsvGroup, unacknowledged).ConfigureAwait(false);
                unacknowledged = [];
            }
            catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // the stream or the group was deleted (FLUSHALL, a new Redis without the AOF): create them again
                groupReady = false;
                pendingAfter = "0-0";
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                if (redisFailures++ == 0)
                {
                    CdrExportLog.RedisLost(log, e.Message);
                }

                // a read whose answer was lost left its entries pending on this consumer: read them again first
                pendingAfter = "0-0";
                await DelayAsync(RetryBackoff.After(redisFailures), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // a bug must not end the export for good, nor (as an unhandled BackgroundService fault would) the silo
                CdrExportLog.Failed(log, e);
                pendingAfter = "0-0";
                await DelayAsync(RetryBackoff.Longest, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CreateGroupAsync(IDatabase db)
    {
        try
        {
            // from the stream's start: CDRs written before any silo exported are in the files too
            await db.StreamCreateConsumerGroupAsync(CdrStream.Key, CdrStream.CsvGroup, "0-0", createStream: true).ConfigureAwait(false);
            CdrExportLog.GroupCreated(log, CdrStream.CsvGroup, CdrStream.Key.ToString());
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // another silo (or this one before) made it
        }
    }

    /// <summary>Writes the batch's rows and returns every id to acknowledge (undecodable ones too), or null when a file failed.</summary>
    private RedisValue[]? Write(StreamEntry[] entries, ref int writeFailures)
    {
        var rows = new List<(string File, string Row)>(entries.Length);
        foreach (var entry in entries)
        {
            var id = entry.Id.ToString();
            var text = entry[CdrStream.Field];
            if (CdrEntry.Decode(text) is { } record)
            {
                rows.Add((CdrFileName.For(record, id, _silo), CdrCsv.Row(record)));
            }
            else
            {
                var shown = text.IsNull ? "(no field r)" : text.ToString();
                CdrExportLog.Undecodable(log, id, CdrStream.Key.ToString(), shown.Length > 200 ? shown[..200] + "…" : shown);
            }
        }

        try
        {
            _files.Write(rows);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (writeFailures++ == 0)
            {
                CdrExportLog.WriteFailed(log, rows.Count > 0 ? rows[0].File : "-", e.Message);
            }

            return null;
        }

        if (writeFailures > 0)
        {
            writeFailures = 0;
            CdrExportLog.WriteRestored(log);
        }

        return Array.ConvertAll(entries, e => e.Id);
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
