using System.Net;
using Cluster.Edge.Configuration;
using Cluster.Edge.Transport;

namespace Cluster.Tests.EdgeHost;

public sealed class EdgeOptionsTests
{
    [Fact]
    public void No_arguments_listen_on_udp_and_tcp_loopback_5060()
    {
        var options = EdgeOptions.Parse([]).Options!;
        Assert.Equal(["udp:127.0.0.1:5060", "tcp:127.0.0.1:5060"], options.Listen.Select(l => l.ToString()));
        Assert.Null(options.ConfigPath);
        Assert.Null(options.Metrics);
        Assert.Null(options.Redis);
        Assert.False(options.ShowHelp);
    }

    [Fact]
    public void All_flags_are_read()
    {
        var result = EdgeOptions.Parse(
            ["--config", "c.yaml", "--redis", "localhost:6379", "--listen", "udp:0.0.0.0:5060", "--listen", "tcp:[::1]:0", "--metrics", "http://127.0.0.1:9090"]);

        Assert.Null(result.Error);
        var options = result.Options!;
        Assert.Equal("c.yaml", options.ConfigPath);
        Assert.Equal("localhost:6379", options.Redis);
        Assert.Equal(
            [new ListenAddress(SipTransportKind.Udp, new IPEndPoint(IPAddress.Any, 5060)), new ListenAddress(SipTransportKind.Tcp, new IPEndPoint(IPAddress.IPv6Loopback, 0))],
            options.Listen);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9090), options.Metrics);
    }

    [Fact]
    public void Help_is_recognised() => Assert.True(EdgeOptions.Parse(["--help"]).Options!.ShowHelp);

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--config")]
    [InlineData("--listen")]
    [InlineData("--listen", "--config", "x")]
    [InlineData("--listen", "sctp:127.0.0.1:5060")]
    [InlineData("--listen", "udp:127.0.0.1")]
    [InlineData("--listen", "udp:::1:5060")]
    [InlineData("--listen", "udp:[127.0.0.1]:5060")]
    [InlineData("--listen", "udp:localhost:5060")]
    [InlineData("--listen", "tcp:127.0.0.1:65536")]
    [InlineData("--listen", "tcp:127.0.0.1:-1")]
    [InlineData("--metrics", "127.0.0.1:9090")]
    [InlineData("--metrics", "https://127.0.0.1:9090")]
    [InlineData("--metrics", "http://127.0.0.1")]
    [InlineData("--metrics", "http://127.0.0.1:9090/metrics")]
    public void Bad_arguments_are_refused_with_a_reason(params string[] args)
    {
        var result = EdgeOptions.Parse(args);
        Assert.Null(result.Options);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.Contains(args[0], result.Error);
    }

    [Fact]
    public void Ipv6_listen_round_trips_in_brackets()
    {
        Assert.True(ListenAddress.TryParse("udp:[::1]:5060", out var address));
        Assert.Equal("udp:[::1]:5060", address.ToString());
    }
}
