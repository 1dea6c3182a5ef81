using Cluster.Edge.Calls.Routing;
using Cluster.Grains.Provisioning;

namespace Cluster.Tests.Calls;

public sealed class NumberRewriteTests
{
    private static RoutingGateway Vendor(int strip = 0, string add = "") =>
        new() { Name = "v", Address = "127.0.0.1:5070", Prefixes = ["44"], StripDigits = strip, AddPrefix = add };

    [Theory]
    [InlineData(2, "0", "447700900123", "07700900123")] // international to UK national format
    [InlineData(0, "00", "447700900123", "00447700900123")] // international access code for the vendor
    [InlineData(3, "", "9011447700900123", "1447700900123")] // a customer's trunk prefix removed
    [InlineData(2, "+", "447700900123", "+7700900123")]
    public void Strip_then_add(int strip, string add, string dialled, string sent) =>
        Assert.Equal(sent, NumberRewrite.ForVendor(Vendor(strip, add), dialled));

    [Fact]
    public void The_rewrite_works_on_the_number_as_routing_sees_it() =>
        Assert.Equal("0020794600", NumberRewrite.ForVendor(Vendor(2, "00"), "+44-20-7946-00;npdi"));

    [Fact]
    public void A_vendor_without_a_rewrite_gets_the_user_untouched() =>
        Assert.Equal("+44-20-7946-00;npdi", NumberRewrite.ForVendor(Vendor(), "+44-20-7946-00;npdi"));

    [Theory]
    [InlineData(5, "", "4477")]
    [InlineData(4, "00", "4477")]
    [InlineData(1, "", "")]
    public void A_strip_that_leaves_no_digit_of_the_number_gives_null_and_the_vendor_is_skipped(int strip, string add, string dialled) =>
        Assert.Null(NumberRewrite.ForVendor(Vendor(strip, add), dialled));
}
