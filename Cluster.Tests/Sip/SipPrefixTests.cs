using Cluster.Edge.Sip;
using static Cluster.Tests.Sip.SipTestMessages;

namespace Cluster.Tests.Sip;

/// <summary>A stream reader must be able to call Parse on any prefix and be told to wait, never to give up.</summary>
public sealed class SipPrefixTests
{
    public static TheoryData<string> Messages() => new()
    {
        Invite, Register, Ok200, Options, SipTortureMessages.Wsinv, SipTortureMessages.Intmeth, SipTortureMessages.Mpart01,
        SipTortureMessages.Esc01, SipTortureMessages.Lwsdisp,
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void EveryStrictPrefix_IsIncomplete_InStreamFraming(string text)
    {
        byte[] bytes = Bytes(text);
        var m = new SipMessage();
        for (int n = 0; n < bytes.Length; n++)
        {
            var r = SipParser.Parse(bytes.AsMemory(0, n), SipParserLimits.Default, SipFraming.Stream, m);
            Assert.True(r.Status == SipParseStatus.Incomplete, $"prefix {n}/{bytes.Length}: {r}");
        }

        var full = SipParser.Parse(bytes, SipParserLimits.Default, SipFraming.Stream, m);
        Assert.Equal(SipParseStatus.Complete, full.Status);
        Assert.Equal(bytes.Length, full.Consumed);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Pipelined_MessagesAreFramedOneByOne(string text)
    {
        byte[] one = Bytes(text);
        byte[] three = [.. one, .. "\r\n"u8.ToArray(), .. one, .. one];
        var m = new SipMessage();
        int offset = 0;
        for (int i = 0; i < 3; i++)
        {
            var r = SipParser.Parse(three.AsMemory(offset), SipParserLimits.Default, SipFraming.Stream, m);
            Assert.Equal(SipParseStatus.Complete, r.Status);
            Assert.True(m.Buffer.Span.SequenceEqual(one));
            offset += r.Consumed;
        }

        Assert.Equal(three.Length, offset);
    }
}
