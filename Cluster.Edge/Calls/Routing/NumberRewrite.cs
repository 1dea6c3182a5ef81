using Cluster.Grains.Provisioning;

namespace Cluster.Edge.Calls.Routing;

/// <summary>
/// VOS3000's callee prefix rewrite per routing gateway: the dialled number a vendor receives in the
/// Request-URI, after its <c>strip_digits</c> and <c>add_prefix</c>. Routing has already matched the number
/// as dialled; this only shapes what one vendor is sent, so each failover candidate gets its own. Pure.
/// </summary>
public static class NumberRewrite
{
    /// <summary>
    /// The Request-URI user to send to <paramref name="vendor"/> for the dialled <paramref name="user"/>, or null
    /// when its strip_digits leaves no digit of the number: that vendor cannot be sent a callable number and is
    /// skipped (its neighbours may still take the call). A vendor without a rewrite gets the user untouched;
    /// with one, the rewrite works on the number as routing sees it (separators and a leading '+' dropped).
    /// </summary>
    public static string? ForVendor(RoutingGateway vendor, string user)
    {
        if (vendor.StripDigits == 0 && vendor.AddPrefix.Length == 0)
        {
            return user;
        }

        var number = RouteSelection.NormalizeNumber(user);
        // Strip equal to the length counts too: the add_prefix alone ("00") is no number to dial.
        return vendor.StripDigits >= number.Length ? null : vendor.AddPrefix + number[vendor.StripDigits..];
    }
}
