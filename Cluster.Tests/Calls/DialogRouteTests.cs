using System.Net;
using System.Text;
using Cluster.Edge.Calls.Dialogs;

namespace Cluster.Tests.Calls;

public sealed class DialogRouteTests
{
    [Fact]
    public void The_record_route_we_write_reads_back_from_a_route_header()
    {
        var route = new DialogRoute("cust-ip", "vendorA", IPEndPoint.Parse("127.0.0.21:5060"), IPEndPoint.Parse("[2001:db8::1]:5070"), DialogRoute.TagHex("abc;1"u8));
        var line = route.RecordRouteLine(IPEndPoint.Parse("10.0.0.1:5060"));
        var value = line["Record-Route: ".Length..].TrimEnd();

        Assert.True(DialogRoute.TryParse(Encoding.ASCII.GetBytes(value), out var parsed));
        Assert.Equal(route, parsed);
        Assert.True(parsed!.IsFromCaller("abc;1"u8));
        Assert.False(parsed.IsFromCaller("vendor-tag"u8));
    }

    [Fact]
    public void The_answer_time_stamped_into_our_record_route_of_a_2xx_comes_back_in_the_route()
    {
        var route = new DialogRoute("cust-ip", "vendorA", IPEndPoint.Parse("127.0.0.21:5060"), IPEndPoint.Parse("127.0.0.1:5070"), "AB");
        var ok = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.21:5060;branch=z9hG4bK1\r\nRecord-Route: <sip:p2.example.com;lr>\r\n"
            + route.RecordRouteLine(IPEndPoint.Parse("10.0.0.1:5060"))
            + "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";

        var stamped = Encoding.ASCII.GetString(Cluster.Edge.Calls.Forwarding.ProxyMessages.WithAnswerTime(Encoding.ASCII.GetBytes(ok), 1234567));

        var ours = stamped.Split("\r\n").Single(l => l.Contains("cx=", StringComparison.Ordinal))["Record-Route: ".Length..];
        Assert.True(DialogRoute.TryParse(Encoding.ASCII.GetBytes(ours), out var parsed));
        Assert.Equal(route with { AnsweredAtMs = 1234567 }, parsed);
        Assert.Contains("Record-Route: <sip:p2.example.com;lr>\r\n", stamped);
    }

    [Theory]
    [InlineData("<sip:10.0.0.1:5060;lr>")]
    [InlineData("<sip:10.0.0.1:5060;lr;cx=a;vx=b;ca=nonsense;va=127.0.0.1:5070;ft=00>")]
    [InlineData("not a route")]
    public void Someone_else_s_route_is_not_ours(string value) =>
        Assert.False(DialogRoute.TryParse(Encoding.ASCII.GetBytes(value), out _));
}
