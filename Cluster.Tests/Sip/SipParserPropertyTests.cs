using System.Net;
using Cluster.Edge.Sip;
using FsCheck;
using FsCheck.Xunit;
using static Cluster.Tests.Sip.SipTestMessages;

namespace Cluster.Tests.Sip;

/// <summary>Robustness: whatever arrives, Parse and Inspect return a value and never throw.</summary>
public sealed class SipParserPropertyTests
{
    private static readonly byte[][] _seeds =
    [
        Bytes(Invite), Bytes(Register), Bytes(Ok200), Bytes(Options), Bytes(SipTortureMessages.Wsinv),
        Bytes(SipTortureMessages.Mpart01), Bytes(SipTortureMessages.Esc01), Bytes(SipIpv6Messages.Good),
    ];

    private static readonly SipParserLimits _smallLimits = new() { MaxMessageBytes = 1024, MaxHeaders = 16, MaxHeaderLineBytes = 256 };

    private static readonly IPEndPoint _source = new(IPAddress.Parse("198.51.100.7"), 40000);

    [Property(MaxTest = 400)]
    public bool FlippedBytes_NeverThrow(NonNegativeInt seed, NonNegativeInt position, byte value, NonNegativeInt count)
    {
        byte[] bytes = (byte[])Seed(seed).Clone();
        var rng = new Random(position.Get);
        for (int i = 0; i <= count.Get % 8; i++)
        {
            bytes[(position.Get + rng.Next(bytes.Length)) % bytes.Length] = i == 0 ? value : (byte)rng.Next(256);
        }

        return Exercise(bytes);
    }

    [Property(MaxTest = 200)]
    public bool Truncation_NeverThrows(NonNegativeInt seed, NonNegativeInt cut)
    {
        byte[] bytes = Seed(seed);
        return Exercise(bytes.AsSpan(0, cut.Get % (bytes.Length + 1)).ToArray());
    }

    [Property(MaxTest = 200)]
    public bool DuplicatedHeaders_NeverThrow(NonNegativeInt seed, NonNegativeInt line, PositiveInt times)
    {
        string text = Str(Seed(seed));
        string[] lines = text.Split("\r\n");
        int headerCount = Math.Max(1, Array.IndexOf(lines, string.Empty) - 1);
        int pick = 1 + (line.Get % headerCount);
        var copy = lines.ToList();
        copy.InsertRange(pick, Enumerable.Repeat(lines[pick], times.Get % 200));
        return Exercise(System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", copy)));
    }

    [Property(MaxTest = 100)]
    public bool HugeHeaders_NeverThrow(NonNegativeInt seed, PositiveInt size, byte filler)
    {
        byte[] bytes = Seed(seed);
        int firstLineEnd = Array.IndexOf(bytes, (byte)'\n') + 1;
        byte[] huge = new byte[(size.Get % 20000) + 1];
        huge.AsSpan().Fill(filler == (byte)'\n' ? (byte)'a' : filler);
        byte[] mutated = [.. bytes[..firstLineEnd], .. "X-Huge: "u8.ToArray(), .. huge, .. "\r\n"u8.ToArray(), .. bytes[firstLineEnd..]];
        return Exercise(mutated);
    }

    [Property(MaxTest = 300)]
    public bool RandomBytes_NeverThrow(byte[] noise) => Exercise(noise ?? []);

    [Property(MaxTest = 200)]
    public bool RandomHeaderSoup_NeverThrows(NonNegativeInt seed, string[] values)
    {
        // Known header names with arbitrary values exercise the typed accessors and validators.
        string[] names = ["Via", "v", "From", "To", "Call-ID", "CSeq", "Max-Forwards", "Contact", "Content-Length", "Require", "Route"];
        var text = new System.Text.StringBuilder("INVITE sip:a@b.example SIP/2.0\r\n");
        for (int i = 0; i < (values?.Length ?? 0); i++)
        {
            string v = (values![i] ?? string.Empty).Replace("\n", " ").Replace("\r", " ");
            text.Append(names[(seed.Get + i) % names.Length]).Append(": ").Append(v).Append("\r\n");
        }

        text.Append("\r\n");
        return Exercise(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
    }

    [Property(MaxTest = 200)]
    public bool ValidMessages_RoundTripThroughWriter(NonNegativeInt seed)
    {
        byte[] bytes = Seed(seed);
        var m = new SipMessage();
        if (SipParser.Parse(bytes, SipParserLimits.Default, SipFraming.Stream, m).Status != SipParseStatus.Complete)
        {
            return false;
        }

        var writer = new SipMessageWriter();
        writer.Begin(m);
        byte[] output = new byte[writer.MaxLength()];
        int n = writer.Write(output);
        return output.AsSpan(0, n).SequenceEqual(bytes);
    }

    [Property(MaxTest = 100)]
    public bool Stream_ArbitraryChunking_YieldsTheSameMessages(NonNegativeInt seed, PositiveInt chunkSeed)
    {
        // A TCP reader appends whatever arrived and re-parses; chunk boundaries must never change the outcome.
        byte[] one = Seed(seed);
        byte[] two = Bytes(Register);
        byte[] stream = [.. "\r\n"u8.ToArray(), .. one, .. two, .. one];
        var rng = new Random(chunkSeed.Get);
        var m = new SipMessage();
        var pending = new List<byte>();
        var framed = new List<int>();
        int fed = 0;
        while (fed < stream.Length)
        {
            int chunk = Math.Min(stream.Length - fed, 1 + rng.Next(64));
            pending.AddRange(stream.AsSpan(fed, chunk).ToArray());
            fed += chunk;
            while (true)
            {
                var r = SipParser.Parse(pending.ToArray(), SipParserLimits.Default, SipFraming.Stream, m);
                if (r.Status == SipParseStatus.Invalid)
                {
                    return false;
                }

                pending.RemoveRange(0, r.Consumed);
                if (r.Status == SipParseStatus.Incomplete)
                {
                    break;
                }

                framed.Add(m.Buffer.Length);
            }
        }

        return pending.Count == 0 && framed.SequenceEqual([one.Length, two.Length, one.Length]);
    }

    private static byte[] Seed(NonNegativeInt seed) => _seeds[seed.Get % _seeds.Length];

    private static bool Exercise(byte[] bytes)
    {
        var m = new SipMessage();
        foreach (SipFraming framing in new[] { SipFraming.Datagram, SipFraming.Stream })
        {
            foreach (SipParserLimits limits in new[] { SipParserLimits.Default, _smallLimits })
            {
                var r = SipParser.Parse(bytes, limits, framing, m);
                if (r.Consumed < 0 || r.Consumed > bytes.Length || (r.Status == SipParseStatus.Invalid) == (r.Error == SipParseError.None))
                {
                    return false;
                }

                Touch(m);
                var verdict = SipInspector.Inspect(bytes, framing, limits, new HashSet<string> { "timer" }, m);
                if (verdict.Action == SipVerdictAction.Respond)
                {
                    byte[] response = new byte[2048];
                    SipResponseWriter.Write(m, verdict.StatusCode, "Bad Request"u8, _source, "abc"u8, default, response);
                    if (m.TryGetTopVia(out SipVia via))
                    {
                        _ = SipResponseTarget.Resolve(in via, _source, Edge.Transport.SipTransportKind.Udp);
                    }
                }

                if (r.Status == SipParseStatus.Complete)
                {
                    // Whatever parsed completely must serialise back to exactly the bytes it came from.
                    var writer = new SipMessageWriter();
                    writer.Begin(m);
                    byte[] same = new byte[writer.MaxLength()];
                    int written = writer.Write(same);
                    if (written < 0 || !same.AsSpan(0, written).SequenceEqual(m.Buffer.Span))
                    {
                        return false;
                    }

                    writer.Begin(m);
                    writer.InsertHeaderLineAtTop("Via: SIP/2.0/UDP edge.example;branch=z9hG4bKx\r\n"u8.ToArray());
                    writer.RemoveHeader(0);
                    writer.ReplaceBody("x"u8.ToArray());
                    if (writer.Write(new byte[writer.MaxLength()]) < 0)
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    private static void Touch(SipMessage m)
    {
        _ = m.CallId.Length + m.FromTag.Length + m.ToTag.Length + m.Body.Length + m.RequestUri.Length;
        m.TryGetTopVia(out _);
        m.TryGetCSeq(out _, out _, out _);
        m.TryGetMaxForwards(out _);
        SipUri.TryParse(m.RequestUri, out _);
        for (int i = 0; i < m.HeaderCount; i++)
        {
            var h = m.Header(i);
            foreach (var v in h.Values)
            {
                NameAddr.TryParse(v, out _);
                SipVia.TryParse(v, out _);
                SipUri.TryParse(v, out _);
            }
        }
    }
}
