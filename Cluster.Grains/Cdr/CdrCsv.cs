using System.Globalization;
using System.Text;

namespace Cluster.Grains.Cdr;

/// <summary>
/// CDRs as CSV (RFC 4180), one row per record: the columns of the silo's hourly files and of
/// <c>GET /api/cdrs?format=csv</c> (which <c>Cluster.Admin cdr list --csv</c> prints). Pure: a record in, a line out.
/// Lines end in CRLF; a field holding a comma, a double quote, CR or LF is quoted with its quotes doubled; times are
/// ISO 8601 UTC to the millisecond, empty when the moment never came. Fields are written as the call gave them (no
/// spreadsheet formula escaping: a leading <c>+</c> is a number's, and reconciliation needs the exact text).
/// </summary>
public static class CdrCsv
{
    public const string LineEnd = "\r\n";

    /// <summary>The header row's names, in column order (README.md, "CDR columns", says what each holds).</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "call_id", "customer_call_id", "customer", "account", "caller", "callee_dialled", "vendor", "callee_sent", "attempts",
        "invite_at", "progress_at", "answered_at", "ended_at", "ringing_s", "billable_s", "status", "q850_cause", "released_by",
        "customer_address", "vendor_address", "transport", "codecs_offered", "codecs_answered",
    ];

    /// <summary>The header row, CRLF included.</summary>
    public static string Header { get; } = Line(Columns);

    /// <summary>The record's row, CRLF included.</summary>
    public static string Row(CallDetailRecord r) => Line(Fields(r));

    /// <summary>The record's fields as text, in <see cref="Columns"/> order, before quoting.</summary>
    public static string[] Fields(CallDetailRecord r) =>
    [
        r.CallId, r.CustomerCallId, r.Customer, r.Account, r.CallerNumber, r.CalleeDialled, r.Vendor, r.CalleeSent, Attempts(r.Attempts),
        Time(r.InviteAtMs), Time(r.ProgressAtMs), Time(r.AnsweredAtMs), Time(r.EndedAtMs),
        Number(r.RingingSeconds), Number(r.BillableSeconds), Number(r.Status), Number(r.Q850Cause), ReleasedBy(r.ReleasedBy),
        r.CustomerAddress, r.VendorAddress, r.Transport, r.CodecsOffered, r.CodecsAnswered,
    ];

    /// <summary>One CSV line of <paramref name="fields"/>, each quoted when it must be, CRLF included.</summary>
    public static string Line(IEnumerable<string> fields)
    {
        var line = new StringBuilder(256);
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                line.Append(',');
            }

            AppendField(line, field);
            first = false;
        }

        return line.Append(LineEnd).ToString();
    }

    /// <summary>RFC 4180 §2.5-2.7: quoted when it holds a comma, a quote, CR or LF; a quote inside is doubled.</summary>
    public static void AppendField(StringBuilder line, string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return;
        }

        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(field);
            return;
        }

        line.Append('"');
        foreach (var c in field)
        {
            if (c == '"')
            {
                line.Append('"');
            }

            line.Append(c);
        }

        line.Append('"');
    }

    /// <summary>ISO 8601 UTC with milliseconds (<c>2026-12-01T13:48:32.120Z</c>); empty for 0 (it never happened).</summary>
    public static string Time(long unixMs) =>
        unixMs <= 0 ? string.Empty : DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Every vendor offered the call, in order: <c>vendorA:12025550100:503;vendorB:12025550100:200</c>.</summary>
    public static string Attempts(IReadOnlyList<VendorAttempt> attempts)
    {
        if (attempts is null or { Count: 0 }) // null: a record decoded from a writer that sent none
        {
            return string.Empty;
        }

        var text = new StringBuilder(attempts.Count * 24);
        foreach (var a in attempts)
        {
            if (text.Length > 0)
            {
                text.Append(';');
            }

            text.Append(a.Vendor).Append(':').Append(a.NumberSent).Append(':').Append(a.Status.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The <c>released_by</c> spelling: snake_case of <see cref="CallReleaser"/>.</summary>
    public static string ReleasedBy(CallReleaser releaser) => releaser switch
    {
        CallReleaser.Caller => "caller",
        CallReleaser.Callee => "callee",
        CallReleaser.MaximumDuration => "maximum_duration",
        CallReleaser.DeadCall => "dead_call",
        CallReleaser.Overload => "overload",
        CallReleaser.EdgeLost => "edge_lost",
        CallReleaser.Operator => "operator",
        _ => ((int)releaser).ToString(CultureInfo.InvariantCulture), // a newer writer's value: kept, not guessed
    };

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
