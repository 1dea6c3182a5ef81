using Cluster.Edge.Sip;
using static Cluster.Tests.Sip.SipTestMessages;

namespace Cluster.Tests.Sip;

public sealed class NameAddrTests
{
    [Theory]
    [InlineData("\"Alice \\\"A\\\" Liddell\" <sip:alice@example.com>;tag=88", "\"Alice \\\"A\\\" Liddell\"", "sip:alice@example.com", "88")]
    [InlineData("Bob Smith <sip:bob@example.com;transport=tcp>;tag=x;expires=60", "Bob Smith", "sip:bob@example.com;transport=tcp", "x")]
    [InlineData("<sip:carol@example.com>", "", "sip:carol@example.com", "")]
    [InlineData("sip:dave@example.com;tag=abc", "", "sip:dave@example.com", "abc")]
    [InlineData("caller<sip:caller@example.com>;tag=323", "caller", "sip:caller@example.com", "323")]
    [InlineData("  <tel:+15551234>  ;  tag = t1 ", "", "tel:+15551234", "t1")]
    [InlineData("\"\" <sip:anon@anonymous.invalid>", "\"\"", "sip:anon@anonymous.invalid", "")]
    public void Valid(string text, string display, string uri, string tag)
    {
        Assert.True(NameAddr.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out NameAddr addr), text);
        Assert.Equal(display, Str(addr.DisplayName));
        Assert.Equal(uri, Str(addr.Uri));
        Assert.Equal(tag, Str(addr.Tag));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"unterminated <sip:a@example.com>")]
    [InlineData("Bell, Alexander <sip:a.g.bell@bell-tel.com>")]
    [InlineData("< sip:t.watson@ieee.org >")]
    [InlineData("<sip:a@example.com")]
    [InlineData("sip:a@example.com?Route=%3Csip:x%3E")]
    [InlineData("<sip:a@example.com>;;")]
    [InlineData("<sip:a@example.com> junk")]
    [InlineData("<not a uri>")]
    [InlineData("\"name\" sip:a@example.com")]
    public void Invalid(string text)
    {
        Assert.False(NameAddr.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out _), text);
    }

    [Fact]
    public void HeaderValues_SplitOnlyOnTopLevelCommas()
    {
        var values = new List<string>();
        foreach (var v in new SipHeaderValues("\"Doe, John\" <sip:j@example.com;a=1,2>, <sip:k@example.com> , sip:l@example.com"u8))
        {
            values.Add(Str(v));
        }

        Assert.Equal(["\"Doe, John\" <sip:j@example.com;a=1,2>", "<sip:k@example.com>", "sip:l@example.com"], values);
    }

    [Fact]
    public void HeaderValues_EmptyElementsAreReported_EmptyValueYieldsNothing()
    {
        int n = 0;
        foreach (var v in new SipHeaderValues("a,,b"u8))
        {
            n++;
        }

        Assert.Equal(3, n);
        foreach (var v in new SipHeaderValues("  "u8))
        {
            Assert.Fail("no elements expected");
        }
    }

    [Fact]
    public void Parameters_LenientWhitespace_AndMalformedFlag()
    {
        var e = new SipParameters(" ; a = 1 ;b; c=\"x;y\"".Select(c => (byte)c).ToArray());
        var names = new List<string>();
        while (e.MoveNext())
        {
            names.Add(Str(e.Current.Name) + "=" + Str(e.Current.Value));
        }

        Assert.Equal(["a=1", "b=", "c=\"x;y\""], names);
        Assert.False(e.IsMalformed);
        Assert.False(SipParameters.IsWellFormed(";a;;b"u8));
        Assert.False(SipParameters.IsWellFormed("junk"u8));
    }
}
