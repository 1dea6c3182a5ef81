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

    [Theory]
    [InlineData("<sip:10.0.0.1:5060;lr>")]
    [InlineData("<sip:10.0.0.1:5060;lr;cx=a;vx=b;ca=nonsense;va=127.0.0.1:5070;ft=00>")]
    [InlineData("not a route")]
    public void Someone_else_s_route_is_not_ours(string value) =>
        Assert.False(DialogRoute.TryParse(Encoding.ASCII.GetBytes(value), out _));
}
