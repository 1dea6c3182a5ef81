using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Grains.Cdr;

namespace Cluster.Tests.Cdrs;

/// <summary>
/// A silo over a stream written once, in order, before any test reads it: three calls a minute apart two hours ago
/// (ids at their end times) with a damaged entry after them, and two calls of now. Tests only read.
/// </summary>
public sealed class CdrApiCluster : CdrCluster
{
    public static readonly long BaseMs = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds() * 1000;

    public static DateTimeOffset At(long offsetMs) => DateTimeOffset.FromUnixTimeMilliseconds(BaseMs + offsetMs);

    /// <summary>cust-a's call: vendorA refused, vendorB answered.</summary>
    public static readonly CallDetailRecord A1 = CdrSamples.Answered("api-a1", At(0), "cust-a");

    /// <summary>cust-b's call, offered to vendorB only, which was busy.</summary>
    public static readonly CallDetailRecord B1 = CdrSamples.Refused("api-b1", At(60_000), "cust-b") with
    {
        Vendor = "vendorB",
        Attempts = [new VendorAttempt("vendorB", "4420", At(59_000).ToUnixTimeMilliseconds(), 486)],
        Status = 486,
        ReleasedBy = CallReleaser.Callee,
    };

    /// <summary>cust-a's call through vendorC, with fields that need quoting.</summary>
    public static readonly CallDetailRecord A2 = CdrSamples.Awkward("api-a2", At(120_000), "cust-a") with
    {
        Vendor = "vendorC",
        Attempts = [new VendorAttempt("vendorC", "12025550100", At(100_000).ToUnixTimeMilliseconds(), 200)],
    };

    protected override Task AfterSiloAsync()
    {
        CdrSamples.Add(Db, A1, Id(BaseMs));
        CdrSamples.Add(Db, B1, Id(BaseMs + 60_000));
        CdrSamples.Add(Db, A2, Id(BaseMs + 120_000));
        Db.StreamAdd(Cluster.Grains.Cdr.CdrStream.Key, CdrStream.Field, "{damaged", Id(BaseMs + 180_000));
        CdrSamples.Add(Db, CdrSamples.Answered("api-now-1", DateTimeOffset.UtcNow, "cust-now"));
        CdrSamples.Add(Db, CdrSamples.Refused("api-now-2", DateTimeOffset.UtcNow, "cust-now"));
        return Task.CompletedTask;
    }
}

/// <summary><c>GET /api/cdrs</c> and <c>Cluster.Admin cdr list</c> against a real silo and Redis.</summary>
public sealed class CdrApiTests(CdrApiCluster cluster) : IClassFixture<CdrApiCluster>
{
    private static string Range(long fromOffsetMs, long toOffsetMs) =>
        $"since={CdrApiCluster.BaseMs + fromOffsetMs}&until={CdrApiCluster.BaseMs + toOffsetMs}";

    private async Task<JsonElement> GetAsync(string query)
    {
        var response = await cluster.Http.GetAsync("/api/cdrs?" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static string[] CallIds(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("call_id").GetString()!).ToArray();

    [Fact]
    public async Task Without_a_range_the_last_hour_is_listed_newest_first()
    {
        var page = await GetAsync(string.Empty);

        Assert.Equal(["api-now-2", "api-now-1"], CallIds(page));
        Assert.Equal("newest_first", page.GetProperty("order").GetString());
        Assert.False(page.GetProperty("truncated").GetBoolean());
        var since = page.GetProperty("since").GetDateTimeOffset();
        var until = page.GetProperty("until").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromHours(1), until - since);
    }

    [Fact]
    public async Task An_item_holds_the_records_fields_in_snake_case_with_ringing_and_billable_seconds()
    {
        var item = (await GetAsync(Range(0, 0))).GetProperty("items").EnumerateArray().Single();

        Assert.Equal(CdrCluster.Id(CdrApiCluster.BaseMs), item.GetProperty("id").GetString());
        Assert.Equal("api-a1", item.GetProperty("call_id").GetString());
        Assert.Equal("cust-a", item.GetProperty("customer").GetString());
        Assert.Equal("+442071234567", item.GetProperty("caller_number").GetString());
        Assert.Equal(CdrApiCluster.A1.EndedAtMs, item.GetProperty("ended_at_ms").GetInt64());
        Assert.Equal((7, 13), (item.GetProperty("ringing_s").GetInt64(), item.GetProperty("billable_s").GetInt64()));
        Assert.Equal("maximum_duration", item.GetProperty("released_by").GetString());
        Assert.Equal(16, item.GetProperty("q850_cause").GetInt32());
        var attempts = item.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(["vendorA", "vendorB"], attempts.Select(a => a.GetProperty("vendor").GetString()));
        Assert.Equal([503, 200], attempts.Select(a => a.GetProperty("status").GetInt32()));
    }

    [Theory]
    [InlineData("cust-a", new[] { "api-a2", "api-a1" })]
    [InlineData("cust-b", new[] { "api-b1" })]
    [InlineData("vendorA", new[] { "api-a1" })] // refused the call: still one of its records
    [InlineData("vendorB", new[] { "api-b1", "api-a1" })]
    [InlineData("vendorC", new[] { "api-a2" })]
    [InlineData("vendorUK", new string[0])]
    public async Task The_gateway_filter_keeps_records_of_the_customer_or_any_vendor_offered_the_call(string gateway, string[] expected)
    {
        var page = await GetAsync($"gateway={gateway}&{Range(0, 180_000)}");
        Assert.Equal(expected, CallIds(page));
        Assert.Equal(gateway, page.GetProperty("gateway").GetString());
    }

    [Fact]
    public async Task Since_and_until_include_both_ends_and_read_iso_8601_and_unix_milliseconds()
    {
        var iso = Uri.EscapeDataString(CdrApiCluster.At(60_000).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz"));
        Assert.Equal(["api-b1"], CallIds(await GetAsync($"since={iso}&until={CdrApiCluster.BaseMs + 60_000}")));
        Assert.Equal(["api-a2", "api-b1"], CallIds(await GetAsync(Range(1, 120_000))));
        Assert.Equal(["api-b1", "api-a1"], CallIds(await GetAsync(Range(0, 119_999))));

        var withDamaged = await GetAsync(Range(0, 180_000));
        Assert.Equal(["api-a2", "api-b1", "api-a1"], CallIds(withDamaged));
        Assert.Equal((4, 1), (withDamaged.GetProperty("scanned").GetInt32(), withDamaged.GetProperty("skipped").GetInt32()));
    }

    [Fact]
    public async Task Max_keeps_the_newest_and_says_more_may_match()
    {
        var two = await GetAsync($"max=2&{Range(0, 120_000)}");
        Assert.Equal(["api-a2", "api-b1"], CallIds(two));
        Assert.True(two.GetProperty("truncated").GetBoolean());

        var all = await GetAsync($"max=3&{Range(0, 120_000)}");
        Assert.Equal(3, CallIds(all).Length);
        Assert.False(all.GetProperty("truncated").GetBoolean());
    }

    [Theory]
    [InlineData("since=yesterday", "since:")]
    [InlineData("since=12%2F01%2F2026", "since:")]
    [InlineData("until=later", "until:")]
    [InlineData("since=2026-12-01T13:00:00Z&until=2026-12-01T12:00:00Z", "since:")]
    [InlineData("max=0", "max:")]
    [InlineData("max=10001", "max:")]
    [InlineData("max=many", "max:")]
    [InlineData("gateway=a%20b", "gateway:")]
    [InlineData("format=xml", "format:")]
    public async Task A_bad_parameter_gets_400_with_a_json_error_naming_it(string query, string named)
    {
        var response = await cluster.Http.GetAsync("/api/cdrs?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.StartsWith(named, error);
    }

    [Fact]
    public async Task Csv_format_answers_the_files_columns_and_rows()
    {
        var response = await cluster.Http.GetAsync($"/api/cdrs?format=csv&gateway=cust-a&{Range(0, 180_000)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(CdrCsv.Header + CdrCsv.Row(CdrApiCluster.A2) + CdrCsv.Row(CdrApiCluster.A1), text);
        var rows = Rfc4180.Parse(text);
        Assert.Equal(CdrCsv.Fields(CdrApiCluster.A2), rows[1]);
    }

    [Fact]
    public async Task Cdr_list_csv_prints_the_apis_csv_which_reads_back_as_the_records()
    {
        var cli = await cluster.AdminAsync("cdr", "list", "--csv", "--since", CdrApiCluster.At(0).ToString("O"),
            "--until", (CdrApiCluster.BaseMs + 180_000).ToString(), "--gateway", "cust-a");
        Assert.True(cli.ExitCode == 0, cli.ToString());

        var api = await cluster.Http.GetStringAsync($"/api/cdrs?format=csv&gateway=cust-a&{Range(0, 180_000)}");
        Assert.Equal(api, cli.Stdout); // byte for byte: CRLF line ends and all
        var rows = Rfc4180.Parse(cli.Stdout);
        Assert.Equal(CdrCsv.Columns, rows[0]);
        Assert.Equal([CdrCsv.Fields(CdrApiCluster.A2), CdrCsv.Fields(CdrApiCluster.A1)], rows.Skip(1));
    }

    [Fact]
    public async Task Cdr_list_json_prints_the_apis_json_and_the_table_names_each_call()
    {
        var json = await cluster.AdminAsync("--json", "cdr", "list", "--since", (CdrApiCluster.BaseMs).ToString(),
            "--until", (CdrApiCluster.BaseMs + 180_000).ToString(), "--max", "2");
        Assert.True(json.ExitCode == 0, json.ToString());
        var page = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(["api-a2", "api-b1"], CallIds(page));
        Assert.True(page.GetProperty("truncated").GetBoolean());

        var table = await cluster.AdminAsync("cdr", "list", "--since", CdrApiCluster.BaseMs.ToString(), "--until", (CdrApiCluster.BaseMs + 180_000).ToString());
        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ENDED AT", lines[0]);
        Assert.Contains(lines, l => l.Contains("api-a1", StringComparison.Ordinal) && l.Contains("maximum_duration", StringComparison.Ordinal)
                                    && l.Contains(CdrApiCluster.At(0).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"), StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("api-b1", StringComparison.Ordinal) && l.Contains("callee", StringComparison.Ordinal));
        Assert.Contains("3 CDR(s) stored", table.Stdout);
    }

    [Theory]
    [InlineData("since:", "cdr", "list", "--since", "yesterday")]
    [InlineData("max:", "cdr", "list", "--max", "0")]
    [InlineData("--csv is only for cdr list", "gateway", "list", "--csv")]
    [InlineData("--json and --csv", "cdr", "list", "--csv", "--json")]
    [InlineData("unknown verb 'show'", "cdr", "show")]
    public async Task Cdr_list_usage_errors_exit_2_with_one_line_naming_the_fault(string message, params string[] args)
    {
        var r = await cluster.AdminAsync(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(message, r.Stderr);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(string.Empty, r.Stdout);
    }
}
