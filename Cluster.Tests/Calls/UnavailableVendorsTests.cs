using Cluster.Edge.Calls.Routing;
using Cluster.Grains;

namespace Cluster.Tests.Calls;

/// <summary>What the 503 says when no vendor could be offered a call (pure).</summary>
public sealed class UnavailableVendorsTests
{
    [Fact]
    public void Every_vendor_offline_names_them_all_in_a_reason_header()
    {
        var vendors = new UnavailableVendors();
        vendors.Skip("vendorA", GatewayAdmission.Offline);
        vendors.Skip("vendorB", GatewayAdmission.Offline);

        Assert.True(vendors.AllOffline);
        Assert.Equal("Reason: SIP;cause=503;text=\"all vendors offline: vendorA, vendorB\"\r\n", vendors.ReasonHeaderLine);
    }

    [Fact]
    public void A_full_vendor_among_offline_ones_is_no_vendor_available_with_each_vendors_reason()
    {
        var vendors = new UnavailableVendors();
        vendors.Skip("vendorA", GatewayAdmission.Offline);
        vendors.Skip("vendorB", GatewayAdmission.LinesFull);
        vendors.Skip("vendorC", GatewayAdmission.CpsExceeded);

        Assert.False(vendors.AllOffline);
        Assert.Equal("no vendor available: vendorA offline, vendorB line limit, vendorC CPS limit", vendors.Text);
    }

    [Fact]
    public void A_name_with_a_quote_or_backslash_stays_one_quoted_string()
    {
        var vendors = new UnavailableVendors();
        vendors.Skip("odd\"name\\", GatewayAdmission.Offline);

        Assert.Equal("Reason: SIP;cause=503;text=\"all vendors offline: odd\\\"name\\\\\"\r\n", vendors.ReasonHeaderLine);
        Assert.True(new UnavailableVendors().IsEmpty);
        Assert.False(new UnavailableVendors().AllOffline);
    }
}
