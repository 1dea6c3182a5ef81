using Cluster.Edge.Sip;
using static Cluster.Tests.Sip.SipTestMessages;

namespace Cluster.Tests.Sip;

public sealed class SipUriTests
{
    private static SipUri Parse(string text, out bool ok)
    {
        ok = SipUri.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out SipUri uri);
        return uri;
    }

    [Fact]
    public void FullSipUri()
    {
        var uri = Parse("sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent", out bool ok);
        Assert.True(ok);
        Assert.Equal(SipUriScheme.Sips, uri.Scheme);
        Assert.Equal("alice", Str(uri.User));
        Assert.True(uri.HasPassword);
        Assert.Equal("secret", Str(uri.Password));
        Assert.Equal("atlanta.example.com", Str(uri.Host));
        Assert.Equal(5061, uri.Port);
        Assert.Equal(";transport=tcp;lr;maddr=239.255.255.1", Str(uri.Parameters));
        Assert.True(uri.TryGetParameter("TRANSPORT"u8, out var transport));
        Assert.Equal("tcp", Str(transport));
        Assert.True(uri.HasParameter("lr"u8));
        Assert.False(uri.HasParameter("user"u8));
        Assert.Equal("subject=project%20x&priority=urgent", Str(uri.Headers));
    }

    [Theory]
    [InlineData("sip:example.com", SipUriScheme.Sip)]
    [InlineData("SIP:Alice@Example.COM", SipUriScheme.Sip)]
    [InlineData("sip:192.0.2.1:5060", SipUriScheme.Sip)]
    [InlineData("sip:%61lice@example.com", SipUriScheme.Sip)]
    [InlineData("sip:+1-212-555-1212:1234@gateway.com;user=phone", SipUriScheme.Sip)]
    [InlineData("tel:+1-201-555-0123", SipUriScheme.Tel)]
    [InlineData("tel:7042;phone-context=example.com", SipUriScheme.Tel)]
    [InlineData("tel:*21#;phone-context=+1", SipUriScheme.Tel)]
    [InlineData("mailto:alice@example.com", SipUriScheme.Other)]
    [InlineData("urn:service:sos", SipUriScheme.Other)]
    public void ValidUris(string text, SipUriScheme scheme)
    {
        Parse(text, out bool ok);
        Assert.True(ok, text);
        Assert.Equal(scheme, Parse(text, out _).Scheme);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sip:")]
    [InlineData("sip:@example.com")]
    [InlineData("sip:user@")]
    [InlineData("sip:user@exa mple.com")]
    [InlineData("sip:user@example.com:0")]
    [InlineData("sip:user@example.com:70000")]
    [InlineData("sip:user@example.com:abc")]
    [InlineData("sip:us%4@example.com")]
    [InlineData("sip:us%zzer@example.com")]
    [InlineData("sip:user@example.com;")]
    [InlineData("sip:user@example.com;=x")]
    [InlineData("sip:user@example.com;a=")]
    [InlineData("sip:user@example.com?")]
    [InlineData("sip:user@example.com?noequals")]
    [InlineData("sip:user@-bad.example.com")]
    [InlineData("sip:user@1.2.3")]
    [InlineData("sip:user@256.1.1.1")]
    [InlineData("sip:us<er@example.com")]
    [InlineData("<sip:user@example.com>")]
    [InlineData("1sip:user@example.com")]
    [InlineData("tel:")]
    [InlineData("tel:+")]
    [InlineData("tel:+1-abc")]
    [InlineData("foo:")]
    [InlineData("foo:has space")]
    public void InvalidUris(string text)
    {
        Parse(text, out bool ok);
        Assert.False(ok, text);
    }

    [Fact]
    public void TelUri_NumberAndParameters()
    {
        var uri = Parse("tel:+1-201-555-0123;ext=1234", out bool ok);
        Assert.True(ok);
        Assert.Equal("+1-201-555-0123", Str(uri.Number));
        Assert.True(uri.TryGetParameter("ext"u8, out var ext));
        Assert.Equal("1234", Str(ext));
    }

    [Fact]
    public void Escapes_AreValidatedNotDecoded()
    {
        var uri = Parse("sip:sips%3Auser%40example.com@example.net", out bool ok);
        Assert.True(ok);
        Assert.Equal("sips%3Auser%40example.com", Str(uri.User));
        Assert.Equal("example.net", Str(uri.Host));
    }
}
