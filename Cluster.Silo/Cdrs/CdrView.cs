using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cluster.Grains.Cdr;

namespace Cluster.Silo.Cdrs;

/// <summary>
/// One record in <c>GET /api/cdrs</c>: the record's fields under their stored (snake_case) names, with the stream id,
/// <c>ringing_s</c> and <c>billable_s</c>, and <c>released_by</c> spelled as in the CSV files.
/// </summary>
internal sealed record CdrView
{
    /// <summary>The admin API's JSON for CDRs: snake_case like the stored records and the CSV header, enums too.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // "+00:00", not "\u002B00:00": the answer is never HTML
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public required string Id { get; init; }

    public required string CallId { get; init; }

    public required string CustomerCallId { get; init; }

    public required string Customer { get; init; }

    public required string Account { get; init; }

    public required string CallerNumber { get; init; }

    public required string CalleeDialled { get; init; }

    public required string Vendor { get; init; }

    public required string CalleeSent { get; init; }

    public required IReadOnlyList<VendorAttempt> Attempts { get; init; }

    public long InviteAtMs { get; init; }

    public long ProgressAtMs { get; init; }

    public long AnsweredAtMs { get; init; }

    public long EndedAtMs { get; init; }

    [JsonPropertyName("ringing_s")]
    public long RingingSeconds { get; init; }

    [JsonPropertyName("billable_s")]
    public long BillableSeconds { get; init; }

    public int Status { get; init; }

    [JsonPropertyName("q850_cause")]
    public int Q850Cause { get; init; }

    public required string ReleasedBy { get; init; }

    public required string CustomerAddress { get; init; }

    public required string VendorAddress { get; init; }

    public required string Transport { get; init; }

    public required string CodecsOffered { get; init; }

    public required string CodecsAnswered { get; init; }

    public static CdrView Of(string id, CallDetailRecord r) => new()
    {
        Id = id,
        CallId = r.CallId,
        CustomerCallId = r.CustomerCallId,
        Customer = r.Customer,
        Account = r.Account,
        CallerNumber = r.CallerNumber,
        CalleeDialled = r.CalleeDialled,
        Vendor = r.Vendor,
        CalleeSent = r.CalleeSent,
        Attempts = r.Attempts,
        InviteAtMs = r.InviteAtMs,
        ProgressAtMs = r.ProgressAtMs,
        AnsweredAtMs = r.AnsweredAtMs,
        EndedAtMs = r.EndedAtMs,
        RingingSeconds = r.RingingSeconds,
        BillableSeconds = r.BillableSeconds,
        Status = r.Status,
        Q850Cause = r.Q850Cause,
        ReleasedBy = CdrCsv.ReleasedBy(r.ReleasedBy),
        CustomerAddress = r.CustomerAddress,
        VendorAddress = r.VendorAddress,
        Transport = r.Transport,
        CodecsOffered = r.CodecsOffered,
        CodecsAnswered = r.CodecsAnswered,
    };
}
