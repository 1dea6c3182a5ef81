using System.Text;
using Cluster.Edge.Transport;
using FsCheck;
using FsCheck.Xunit;

namespace Cluster.Tests.Transport;

public sealed class SipStreamFramerProperties
{
    [Property(MaxTest = 1000)]
    public bool Never_throws_and_lengths_stay_in_bounds(byte[] data, PositiveInt max)
    {
        var kind = SipStreamFramer.Frame(data, max.Get, out var length);
        return kind switch
        {
            SipFrameKind.NeedMore => length == 0 || (length > data.Length && length <= max.Get),
            SipFrameKind.Invalid => length == 0,
            SipFrameKind.Message => length > 0 && length <= data.Length && length <= max.Get,
            _ => length > 0 && length <= data.Length,
        };
    }

    [Property(MaxTest = 300)]
    public bool Resuming_from_any_examined_prefix_gives_the_same_verdict(NonEmptyString body, NonNegativeInt split)
    {
        // A stream read in two pieces: the second call resumes where the first one stopped searching.
        var bytes = Encoding.ASCII.GetBytes(SipStreamFramerTests.Message(body.Get) + "OPTIONS");
        var cut = split.Get % bytes.Length;
        var first = SipStreamFramer.Frame(bytes.AsSpan(0, cut), 65536, out var firstLength);
        var examined = first == SipFrameKind.NeedMore && firstLength == 0 ? cut : 0;
        var resumed = SipStreamFramer.Frame(bytes, 65536, out var resumedLength, examined);
        var fresh = SipStreamFramer.Frame(bytes, 65536, out var freshLength);
        return resumed == fresh && resumedLength == freshLength;
    }

    [Property(MaxTest = 300)]
    public bool Random_bytes_after_a_header_block_never_throw(byte[] tail, NonNegativeInt cut)
    {
        var head = Encoding.ASCII.GetBytes("INVITE sip:x SIP/2.0\r\nl:");
        var data = head.Concat(tail).ToArray();
        var kind = SipStreamFramer.Frame(data.AsSpan(0, Math.Min(data.Length, head.Length + cut.Get)), 4096, out var length);
        return kind != SipFrameKind.Message || length > 0;
    }

    [Property(MaxTest = 300)]
    public bool Every_prefix_of_a_message_needs_more_and_the_whole_frames_exactly(NonEmptyString body)
    {
        var bytes = Encoding.ASCII.GetBytes(SipStreamFramerTests.Message(body.Get.Replace("\0", "")));
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            if (SipStreamFramer.Frame(bytes.AsSpan(0, cut), 65536, out var needed) != SipFrameKind.NeedMore || (needed != 0 && needed != bytes.Length))
            {
                return false;
            }
        }

        return SipStreamFramer.Frame(bytes, 65536, out var length) == SipFrameKind.Message && length == bytes.Length;
    }
}
