using System.Text;

namespace Cluster.Admin.Output;

/// <summary>A plain-text table with left-aligned columns separated by two spaces, header underlined.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(TextWriter writer)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in _rows)
        {
            for (var i = 0; i < widths.Length && i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        writer.WriteLine(Line(headers, widths));
        writer.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray(), widths));
        foreach (var row in _rows)
        {
            writer.WriteLine(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < cells.Length ? cells[i] : string.Empty;
            sb.Append(i == widths.Length - 1 ? cell : cell.PadRight(widths[i] + 2));
        }

        return sb.ToString().TrimEnd();
    }
}
