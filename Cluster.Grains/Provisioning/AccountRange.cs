namespace Cluster.Grains.Provisioning;

/// <summary>
/// account_ranges[]: numeric users <c>from</c>..<c>to</c> sharing one password, resolved on
/// lookup rather than expanded, so 10,000 test accounts cost one line of config and no memory.
/// </summary>
public sealed record AccountRange(long From, long To, string Password)
{
    public bool Contains(string user) =>
        user.Length is > 0 and <= 18
        && user[0] != '0'
        && user.All(char.IsAsciiDigit)
        && long.Parse(user, System.Globalization.CultureInfo.InvariantCulture) is var n
        && n >= From && n <= To;
}
