using System.Text;

namespace Cluster.Grains;

/// <summary>
/// The stored form of an <see cref="EndpointEntry"/>: hand-packed binary (a version byte, 7-bit varints, UTF-8
/// strings with a varint length), so a registration costs its bytes and little more in Redis and no CLR type
/// name is ever stored. Format 1: suspendedUntil, failures, lastSeen, keyUntil, n × (contact, source, expiresAt,
/// callId, cseq, userAgent, registeredAt), noncesUntil, m × (nonce, count). Times are Unix ms.
/// </summary>
public static class EndpointEntryCodec
{
    private const byte Format = 1;

    public static byte[] Pack(EndpointEntry e)
    {
        using var buffer = new MemoryStream(64 + (e.Bindings.Length * 128));
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Format);
            w.Write7BitEncodedInt64(e.SuspendedUntilMs);
            w.Write7BitEncodedInt(e.Failures);
            w.Write7BitEncodedInt64(e.LastSeenMs);
            w.Write7BitEncodedInt64(e.KeyUntilMs);
            w.Write7BitEncodedInt(e.Bindings.Length);
            foreach (var b in e.Bindings)
            {
                w.Write(b.Contact);
                w.Write(b.Source);
                w.Write7BitEncodedInt64(b.ExpiresAt.ToUnixTimeMilliseconds());
                w.Write(b.CallId);
                w.Write7BitEncodedInt64(b.CSeq);
                w.Write(b.UserAgent);
                w.Write7BitEncodedInt64(b.RegisteredAt.ToUnixTimeMilliseconds());
            }

            w.Write7BitEncodedInt64(e.NoncesUntilMs);
            w.Write7BitEncodedInt(e.Nonces.Length);
            foreach (var n in e.Nonces)
            {
                w.Write(n.Nonce);
                w.Write7BitEncodedInt64(n.Count);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The entry, or null for a value this build cannot read (another format): treated as no entry.</summary>
    /// <param name="intern">Shares equal strings between entries (user agents repeat across thousands of phones).</param>
    public static EndpointEntry? Unpack(ReadOnlyMemory<byte> value, Func<string, string>? intern = null)
    {
        intern ??= static s => s;
        try
        {
            using var r = new BinaryReader(new MemoryStream(value.ToArray(), writable: false), Encoding.UTF8);
            if (r.ReadByte() != Format)
            {
                return null;
            }

            var suspendedUntil = r.Read7BitEncodedInt64();
            var failures = r.Read7BitEncodedInt();
            var lastSeen = r.Read7BitEncodedInt64();
            var keyUntil = r.Read7BitEncodedInt64();
            var bindings = new Binding[r.Read7BitEncodedInt()];
            for (var i = 0; i < bindings.Length; i++)
            {
                bindings[i] = new Binding(
                    r.ReadString(),
                    r.ReadString(),
                    DateTimeOffset.FromUnixTimeMilliseconds(r.Read7BitEncodedInt64()),
                    r.ReadString(),
                    r.Read7BitEncodedInt64(),
                    intern(r.ReadString()),
                    DateTimeOffset.FromUnixTimeMilliseconds(r.Read7BitEncodedInt64()));
            }

            var noncesUntil = r.Read7BitEncodedInt64();
            var nonces = new SpentNonce[r.Read7BitEncodedInt()];
            for (var i = 0; i < nonces.Length; i++)
            {
                nonces[i] = new SpentNonce(r.ReadString(), r.Read7BitEncodedInt64());
            }

            return new EndpointEntry(suspendedUntil, failures, lastSeen, keyUntil, bindings, nonces, noncesUntil);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }
}
