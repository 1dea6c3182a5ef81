using Cluster.Edge.Sip;
using static Cluster.Tests.Sip.SipTestMessages;

namespace Cluster.Tests.Sip;

public sealed class SipEscapesTests
{
    [Theory]
    [InlineData("sips%3Auser%40example.com", "sips:user@example.com")]
    [InlineData("%75se%72", "user")]
    [InlineData("I%20have%20spaces", "I have spaces")]
    [InlineData("plain", "plain")]
    [InlineData("null-%00-null", "null-\0-null")]
    public void Percent(string escaped, string expected)
    {
        byte[] output = new byte[64];
        int n = SipEscapes.UnescapePercent(System.Text.Encoding.ASCII.GetBytes(escaped), output);
        Assert.Equal(expected, Str(output.AsSpan(0, n)));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%4")]
    [InlineData("%zz")]
    public void Percent_Malformed(string escaped)
    {
        Assert.Equal(-1, SipEscapes.UnescapePercent(System.Text.Encoding.ASCII.GetBytes(escaped), new byte[64]));
    }

    [Theory]
    [InlineData("\"J Rosenberg \\\\\\\"\"", "J Rosenberg \\\"")]
    [InlineData("\"Quoted string \\\"\\\"\"", "Quoted string \"\"")]
    [InlineData("token words", "token words")]
    [InlineData("\"\"", "")]
    public void Unquote(string quoted, string expected)
    {
        byte[] output = new byte[64];
        int n = SipEscapes.Unquote(System.Text.Encoding.ASCII.GetBytes(quoted), output);
        Assert.Equal(expected, Str(output.AsSpan(0, n)));
    }

    [Fact]
    public void TooSmallDestination_ReturnsMinusOne()
    {
        Assert.Equal(-1, SipEscapes.UnescapePercent("abcdef"u8, new byte[3]));
        Assert.Equal(-1, SipEscapes.Unquote("\"abcdef\""u8, new byte[3]));
    }
}
