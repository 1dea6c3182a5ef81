using System.Net;
using Cluster.Edge.Sip;
using Cluster.Edge.Transport;

namespace Cluster.Tests.Sip;

/// <summary>RFC 3261 §18.2.2 and RFC 3581 §4 response addressing.</summary>
public sealed class SipResponseTargetTests
{
    private static readonly IPEndPoint _source = new(IPAddress.Parse("198.51.100.7"), 40000);

    private static string Resolve(string via, SipTransportKind transport = SipTransportKind.Udp)
    {
        Assert.True(SipVia.TryParse(System.Text.Encoding.ASCII.GetBytes(via), out SipVia parsed));
        return SipResponseTarget.Resolve(in parsed, _source, transport).ToString();
    }

    [Theory]
    [InlineData("SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1;rport", "198.51.100.7:40000")]
    [InlineData("SIP/2.0/UDP pc33.example.com:5062;branch=z9hG4bK1;rport=5062;received=198.51.100.7", "198.51.100.7:40000")]
    [InlineData("SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1", "198.51.100.7:5060")]
    [InlineData("SIP/2.0/UDP pc33.example.com:5070;branch=z9hG4bK1", "198.51.100.7:5070")]
    [InlineData("SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bK1", "198.51.100.7:40000")]
    [InlineData("SIP/2.0/UDP pc33.example.com:5070;branch=z9hG4bK1;received=203.0.113.9", "203.0.113.9:5070")]
    [InlineData("SIP/2.0/UDP pc33.example.com:5070;maddr=239.255.255.1;ttl=1;branch=z9hG4bK1", "239.255.255.1:5070")]
    [InlineData("SIP/2.0/UDP pc33.example.com;maddr=mcast.example.com;branch=z9hG4bK1", "198.51.100.7:5060")]
    [InlineData("SIP/2.0/TLS pc33.example.com;branch=z9hG4bK1", "198.51.100.7:5061")]
    [InlineData("SIP/2.0/UDP [2001:db8::1]:5080;branch=z9hG4bK1;received=[2001:db8::2]", "[2001:db8::2]:5080")]
    public void Udp(string via, string expected) => Assert.Equal(expected, Resolve(via));

    [Fact]
    public void Tcp_AlwaysAnswersOnTheSourceConnection()
    {
        Assert.Equal("198.51.100.7:40000", Resolve("SIP/2.0/TCP pc33.example.com:5070;maddr=239.255.255.1;branch=z9hG4bK1", SipTransportKind.Tcp));
    }

    [Fact]
    public void ViaParameters_AreParsed()
    {
        Assert.True(SipVia.TryParse("SIP/2.0/UDP host.example.com:5070;ttl=16;maddr=224.2.0.1;received=192.0.2.9;rport=1234;branch=z9hG4bKx"u8, out SipVia via));
        Assert.Equal(16, via.Ttl);
        Assert.Equal("224.2.0.1", SipTestMessages.Str(via.Maddr));
        Assert.Equal("192.0.2.9", SipTestMessages.Str(via.Received));
        Assert.Equal(1234, via.Rport);
        Assert.True(via.HasRport);
        Assert.True(via.HasWellFormedParameters);

        Assert.True(SipVia.TryParse("SIP/2.0/UDP h.example.com;ttl=300;branch=z9hG4bKx"u8, out SipVia badTtl));
        Assert.False(badTtl.HasWellFormedParameters);
        Assert.False(SipVia.TryParse("SIP/2.0 h.example.com"u8, out _));
        Assert.False(SipVia.TryParse("SIP/2.0/UDP"u8, out _));
        Assert.False(SipVia.TryParse("SIP/2.0/UDP h.example.com:0"u8, out _));
        Assert.False(SipVia.TryParse("SIP/2.0/UDP h.example.com junk"u8, out _));
    }
}
