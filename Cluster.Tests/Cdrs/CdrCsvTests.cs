using Cluster.Grains.Cdr;

namespace Cluster.Tests.Cdrs;

/// <summary>The pure CSV formatter the files, the API and the CLI share.</summary>
public sealed class CdrCsvTests
{
    private static readonly DateTimeOffset Ended = new(2026, 12, 1, 13, 48, 32, 120, TimeSpan.Zero);

    [Fact]
    public void The_header_names_every_column_in_order_and_ends_in_crlf()
    {
        Assert.Equal(
            "call_id,customer_call_id,customer,account,caller,callee_dialled,vendor,callee_sent,attempts,invite_at,progress_at,answered_at,ended_at," +
            "ringing_s,billable_s,status,q850_cause,released_by,customer_address,vendor_address,transport,codecs_offered,codecs_answered\r\n",
            CdrCsv.Header);
    }

    [Fact]
    public void An_answered_call_is_one_row_with_iso_times_seconds_and_its_attempts()
    {
        var row = CdrCsv.Row(CdrSamples.Answered("c1", Ended));

        Assert.Equal(
            "c1,a-c1@127.0.0.21,cust-ip,,+442071234567,12025550100,vendorB,12025550100,vendorA:12025550100:503;vendorB:12025550100:200," +
            "2026-12-01T13:48:12.120Z,2026-12-01T13:48:12.620Z,2026-12-01T13:48:19.820Z,2026-12-01T13:48:32.120Z," +
            "7,13,200,16,maximum_duration,127.0.0.21:5060,127.0.0.1:5072,udp,PCMU PCMA telephone-event,PCMA\r\n",
            row);
        Assert.Single(Rfc4180.Parse(row));
        Assert.Equal(CdrCsv.Columns.Count, Rfc4180.Parse(row)[0].Length);
    }

    [Fact]
    public void Moments_that_never_came_are_empty_and_no_attempts_is_an_empty_field()
    {
        var fields = Rfc4180.Parse(CdrCsv.Row(CdrSamples.Refused("r1", Ended)))[0];

        string Column(string name) => fields[CdrCsv.Columns.ToList().IndexOf(name)];
        Assert.Equal(string.Empty, Column("progress_at"));
        Assert.Equal(string.Empty, Column("answered_at"));
        Assert.Equal("2026-12-01T13:48:32.080Z", Column("invite_at"));
        Assert.Equal(string.Empty, Column("attempts"));
        Assert.Equal(string.Empty, Column("vendor"));
        Assert.Equal(("0", "0"), (Column("ringing_s"), Column("billable_s")));
        Assert.Equal(("404", "0", "overload"), (Column("status"), Column("q850_cause"), Column("released_by")));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("line\r\nbreak", "\"line\r\nbreak\"")]
    [InlineData("lf\nonly", "\"lf\nonly\"")]
    [InlineData("cr\ronly", "\"cr\ronly\"")]
    [InlineData("", "")]
    [InlineData(" spaced ", " spaced ")]
    public void A_field_is_quoted_exactly_when_it_must_be(string field, string written) =>
        Assert.Equal(written + "\r\n", CdrCsv.Line([field]));

    [Fact]
    public void Awkward_fields_read_back_unchanged_by_a_strict_rfc4180_reader()
    {
        var record = CdrSamples.Awkward("w1", Ended);
        var rows = Rfc4180.Parse(CdrCsv.Header + CdrCsv.Row(record) + CdrCsv.Row(CdrSamples.Answered("c2", Ended)));

        Assert.Equal(3, rows.Count); // the CR and LF inside fields started no record
        Assert.Equal(CdrCsv.Fields(record), rows[1]);
        Assert.Equal("x,\"y\"\r\nz", rows[1][1]);
        Assert.Equal("acme, \"east\"", rows[1][3]);
        Assert.Equal("PCMU\nPCMA\rG729", rows[1][21]);
        Assert.Equal("c2", rows[2][0]);
    }

    [Theory]
    [InlineData(CallReleaser.Caller, "caller")]
    [InlineData(CallReleaser.Callee, "callee")]
    [InlineData(CallReleaser.MaximumDuration, "maximum_duration")]
    [InlineData(CallReleaser.DeadCall, "dead_call")]
    [InlineData(CallReleaser.Overload, "overload")]
    [InlineData(CallReleaser.EdgeLost, "edge_lost")]
    [InlineData(CallReleaser.Operator, "operator")]
    [InlineData((CallReleaser)42, "42")]
    public void Released_by_is_snake_case(CallReleaser releaser, string written) => Assert.Equal(written, CdrCsv.ReleasedBy(releaser));

    [Fact]
    public void Times_are_utc_with_milliseconds_and_zero_is_empty()
    {
        Assert.Equal("1970-01-01T00:00:00.001Z", CdrCsv.Time(1));
        Assert.Equal("2026-12-01T13:48:32.120Z", CdrCsv.Time(Ended.ToUnixTimeMilliseconds()));
        Assert.Equal(string.Empty, CdrCsv.Time(0));
    }

    [Fact]
    public void A_record_survives_the_streams_json_and_formats_the_same()
    {
        var record = CdrSamples.Awkward("j1", Ended);
        var decoded = CdrStream.Decode(CdrStream.Encode(record));

        Assert.NotNull(decoded);
        Assert.Equal(CdrCsv.Row(record), CdrCsv.Row(decoded));
    }
}
