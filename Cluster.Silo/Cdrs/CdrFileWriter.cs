using System.Text;
using Cluster.Grains.Cdr;

namespace Cluster.Silo.Cdrs;

/// <summary>
/// Appends rows to the hourly files in the CDR directory: a header first when the file is new, then the rows, then a
/// flush to disk, so that what the export acknowledges afterwards is on disk. Only this silo writes its files.
/// </summary>
internal sealed class CdrFileWriter(string directory, ILogger log)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public string Directory { get; } = directory;

    /// <summary>Writes each file's rows (file name, row with its CRLF); throws IOException when a file cannot be written.</summary>
    public void Write(IEnumerable<(string File, string Row)> rows)
    {
        foreach (var file in rows.GroupBy(r => r.File, StringComparer.Ordinal))
        {
            var path = Path.Combine(Directory, file.Key);
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            var text = new StringBuilder();
            var started = stream.Length == 0;
            if (started)
            {
                text.Append(CdrCsv.Header);
            }

            foreach (var (_, row) in file)
            {
                text.Append(row);
            }

            stream.Write(Utf8.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
            if (started)
            {
                CdrExportLog.FileStarted(log, path);
            }
        }
    }
}
