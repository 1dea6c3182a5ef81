using Cluster.Grains.Cdr;
using Cluster.Silo;
using Cluster.Silo.Cdrs;

namespace Cluster.Tests.Cdrs;

/// <summary>The pure parts of the export and the API: query parameters, file names, backoff, --cdr-dir.</summary>
public sealed class CdrQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 13, 30, 0, TimeSpan.Zero);

    private static CdrQuery? Parse(string? gateway = null, string? since = null, string? until = null, string? max = null, string? format = null) =>
        CdrQuery.TryParse(gateway, since, until, max, format, Now, out _);

    [Fact]
    public void Defaults_are_the_last_hour_100_records_all_gateways_json()
    {
        Assert.Equal(new CdrQuery(null, Now.AddHours(-1), Now, 100, false), Parse());
        Assert.Equal(Now.AddHours(-2), Parse(until: "2026-12-01T12:30:00Z")!.Since); // an hour before until
    }

    [Theory]
    [InlineData("2026-12-01T12:00:00Z", 1796126400000)]
    [InlineData("2026-12-01T12:00:00.250Z", 1796126400250)]
    [InlineData("2026-12-01T14:00:00+02:00", 1796126400000)]
    [InlineData("2026-12-01T14:00:00 02:00", 1796126400000)] // the '+' came unencoded in the query string
    [InlineData("2026-12-01T12:00:00", 1796126400000)] // no offset: UTC
    [InlineData("2026-12-01", 1796083200000)]
    [InlineData("1796126400000", 1796126400000)]
    public void Since_is_iso_8601_or_unix_milliseconds(string since, long ms) =>
        Assert.Equal(ms, Parse(since: since, until: "1796200000000")!.Since.ToUnixTimeMilliseconds());

    [Theory]
    [InlineData("since", "yesterday", null, null, null, null)]
    [InlineData("since", "12/01/2026", null, null, null, null)]
    [InlineData("since", "2026-13-01T00:00:00Z", null, null, null, null)]
    [InlineData("since", "2026-12-01T13:00:00Z", "2026-12-01T12:00:00Z", null, null, null)] // after until
    [InlineData("until", null, "soon", null, null, null)]
    [InlineData("max", null, null, "0", null, null)]
    [InlineData("max", null, null, "10001", null, null)]
    [InlineData("max", null, null, "-5", null, null)]
    [InlineData("max", null, null, "ten", null, null)]
    [InlineData("gateway", null, null, null, "a b", null)]
    [InlineData("format", null, null, null, null, "xml")]
    public void A_bad_parameter_is_refused_with_its_name(string name, string? since, string? until, string? max, string? gateway, string? format)
    {
        Assert.Null(CdrQuery.TryParse(gateway, since, until, max, format, Now, out var error));
        Assert.StartsWith(name + ":", error);
    }

    [Fact]
    public void Max_and_format_are_read()
    {
        Assert.Equal(10_000, Parse(max: "10000")!.Max);
        Assert.True(Parse(format: "csv")!.Csv);
    }

    [Fact]
    public void The_gateway_filter_matches_the_customer_or_any_vendor_offered_the_call()
    {
        var record = CdrSamples.Answered("g1", Now); // cust-ip; vendorA 503, vendorB 200
        Assert.True(Parse(gateway: "cust-ip")!.Matches(record));
        Assert.True(Parse(gateway: "vendorA")!.Matches(record));
        Assert.True(Parse(gateway: "vendorB")!.Matches(record));
        Assert.False(Parse(gateway: "vendorUK")!.Matches(record));
        Assert.False(Parse(gateway: "cust")!.Matches(record)); // whole names only
        Assert.True(Parse()!.Matches(record));
    }

    [Fact]
    public void A_record_goes_to_the_file_of_its_end_hour_in_utc()
    {
        var record = CdrSamples.Answered("f1", new DateTimeOffset(2026, 12, 1, 23, 59, 59, 999, TimeSpan.Zero));
        Assert.Equal("cdr-20261201-23.10.1.2.3-11111.csv", CdrFileName.For(record, "1796169600000-0", CdrFileName.SiloLabel("10.1.2.3:11111")));
        var nextHour = record with { EndedAtMs = record.EndedAtMs + 1 };
        Assert.Equal("cdr-20261202-00.s.csv", CdrFileName.For(nextHour, "0-1", "s"));

        // no end time: its INVITE's hour, else the hour it was stored in (the stream id)
        Assert.Equal("cdr-20261201-23.s.csv", CdrFileName.For(record with { EndedAtMs = 0 }, "0-1", "s"));
        Assert.Equal("cdr-20261201-12.s.csv", CdrFileName.For(record with { EndedAtMs = 0, InviteAtMs = 0 }, "1796126400000-7", "s"));
    }

    [Fact]
    public void A_record_with_only_its_required_fields_reads_with_the_records_defaults_not_nulls()
    {
        var record = CdrEntry.Decode("""{"call_id":"m1","customer_call_id":"a","customer":"cust-ip"}""");

        Assert.NotNull(record);
        Assert.Empty(record.Attempts);
        Assert.Equal(("", "", "udp"), (record.Account, record.Vendor, record.Transport));
        Assert.Equal("m1,a,cust-ip,,,,,,,,,,,0,0,0,0,caller,,,udp,,\r\n", CdrCsv.Row(record));
        Assert.True(Parse(gateway: "cust-ip")!.Matches(record));
        Assert.False(Parse(gateway: "vendorA")!.Matches(record));
        Assert.Null(CdrEntry.Decode("""{"call_id":"m1"}""")); // required fields missing: no CDR
    }

    [Fact]
    public void The_silo_label_is_file_name_safe()
    {
        Assert.Equal("127.0.0.1-11111", CdrFileName.SiloLabel("127.0.0.1:11111"));
        Assert.DoesNotContain(CdrFileName.SiloLabel("[fd00::1]:11111"), c => c is ':' or '[' or ']');
    }

    [Fact]
    public void Backoff_doubles_from_half_a_second_to_at_most_ten()
    {
        Assert.Equal(
            [0.5, 1, 2, 4, 8, 10, 10],
            new[] { 1, 2, 3, 4, 5, 6, 1000 }.Select(n => RetryBackoff.After(n).TotalSeconds));
    }

    [Fact]
    public void Cdr_dir_defaults_to_cdr_and_the_writer_is_named_by_address_and_silo_port()
    {
        var o = SiloCommandLine.Parse(["--config", "c.yaml", "--silo-port", "11112", "--advertise", "10.1.2.3"], out var error)!;
        Assert.Null(error);
        Assert.Equal(("cdr", "10.1.2.3:11112"), (o.CdrDirectory, o.CdrWriterName));
        Assert.Equal("/var/cdr", SiloCommandLine.Parse(["--config", "c.yaml", "--cdr-dir", "/var/cdr"], out _)!.CdrDirectory);
        Assert.Null(SiloCommandLine.Parse(["--config", "c.yaml", "--cdr-dir"], out error));
        Assert.StartsWith("--cdr-dir needs a value", error);
    }
}
