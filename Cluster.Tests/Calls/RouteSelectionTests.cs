using Cluster.Edge.Calls.Routing;
using Cluster.Grains.Provisioning;

namespace Cluster.Tests.Calls;

public sealed class RouteSelectionTests
{
    private static readonly RoutingGateway[] s_gateways =
    [
        new() { Name = "world", Address = "127.0.0.1:1", Prefixes = [""], Priority = 0 },
        new() { Name = "eu", Address = "127.0.0.1:2", Prefixes = ["4"], Priority = 0 },
        new() { Name = "ukB", Address = "127.0.0.1:3", Prefixes = ["44"], Priority = 20 },
        new() { Name = "ukA", Address = "127.0.0.1:4", Prefixes = ["44", "331"], Priority = 10 },
        new() { Name = "ukC", Address = "127.0.0.1:5", Prefixes = ["44"], Priority = 10 },
    ];

    [Fact]
    public void The_longest_matching_prefix_wins_and_its_gateways_come_lowest_priority_first_then_in_provisioning_order() =>
        Assert.Equal(["ukA", "ukC", "ukB"], RouteSelection.Candidates(s_gateways, "447700900123").Select(g => g.Name));

    [Fact]
    public void A_shorter_prefix_is_used_when_no_longer_one_matches() =>
        Assert.Equal(["eu"], RouteSelection.Candidates(s_gateways, "4930123").Select(g => g.Name));

    [Fact]
    public void An_empty_prefix_catches_everything_else() =>
        Assert.Equal(["world"], RouteSelection.Candidates(s_gateways, "8612345").Select(g => g.Name));

    [Fact]
    public void No_matching_prefix_gives_no_candidates() =>
        Assert.Empty(RouteSelection.Candidates(s_gateways[1..], "8612345"));

    [Theory]
    [InlineData("+44-20-7946-0000", "442079460000")]
    [InlineData("12025550100;phone-context=example.com", "12025550100")]
    [InlineData("(202)555.0100", "2025550100")]
    public void Dialled_numbers_lose_visual_separators_and_a_leading_plus(string user, string number) =>
        Assert.Equal(number, RouteSelection.NormalizeNumber(user));
}
