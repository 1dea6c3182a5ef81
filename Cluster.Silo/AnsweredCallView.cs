namespace Cluster.Silo;

/// <summary>One answered call in <c>/api/gateways/{name}/calls</c>: who talks to whom since when, and when it will be ended.</summary>
internal sealed record AnsweredCallView(
    string CallId,
    string Mapping,
    string Routing,
    DateTimeOffset AnsweredAt,
    DateTimeOffset DueAt,
    double TalkSeconds,
    string Customer,
    string Vendor)
{
    public static AnsweredCallView Of(Cluster.Grains.DueCall due, DateTimeOffset now)
    {
        var answeredAt = DateTimeOffset.FromUnixTimeMilliseconds(due.Call.AnsweredAtMs);
        return new AnsweredCallView(
            due.Call.CallId, due.Call.Mapping, due.Call.Routing, answeredAt, due.DueAt,
            Math.Round(Math.Max(0, (now - answeredAt).TotalSeconds), 1), due.Call.CustomerAddress, due.Call.VendorAddress);
    }
}
