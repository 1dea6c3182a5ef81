using System.Globalization;
using System.Net;

namespace Cluster.Edge.Verdicts;

/// <summary>
/// One message on the <c>cluster:changes</c> channel, as text so that ops can watch it with
/// <c>redis-cli subscribe cluster:changes</c>:
/// <c>provisioning VERSION</c>, <c>block ip ADDR UNTIL_MS</c>, <c>unblock ip ADDR</c>,
/// <c>suspend ep USER UNTIL_MS</c>, <c>unsuspend ep USER</c>, <c>cluster-key VERSION</c>.
/// </summary>
public sealed record ClusterChange(ClusterChangeKind Kind, IPAddress? Address = null, string? User = null, long UntilMs = 0, long Version = 0)
{
    public static ClusterChange Parse(string? text)
    {
        var parts = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Number(int i) => parts.Length > i && long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        IPAddress? Address() => parts.Length > 2 && IPAddress.TryParse(parts[2], out var a) ? a : null;
        string? User() => parts.Length > 2 ? parts[2] : null;

        return parts switch
        {
            ["provisioning", ..] => new(ClusterChangeKind.Provisioning, Version: Number(1)),
            ["cluster-key", ..] => new(ClusterChangeKind.ClusterKey, Version: Number(1)),
            ["block", "ip", _, _] => new(ClusterChangeKind.Block, Address(), UntilMs: Number(3)),
            ["unblock", "ip", _] => new(ClusterChangeKind.Unblock, Address()),
            ["suspend", "ep", _, _] => new(ClusterChangeKind.Suspend, User: User(), UntilMs: Number(3)),
            ["unsuspend", "ep", _] => new(ClusterChangeKind.Unsuspend, User: User()),
            _ => new(ClusterChangeKind.Unknown),
        };
    }

    public static string Block(IPAddress address, long untilMs) => $"block ip {address} {untilMs}";

    public static string Suspend(string user, long untilMs) => $"suspend ep {user} {untilMs}";
}
