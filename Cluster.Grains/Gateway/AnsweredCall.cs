using System.Globalization;
using System.Text;

namespace Cluster.Grains;

/// <summary>
/// What the cluster must remember of an answered call to end it without the edge that carried it: both
/// dialog halves (the caller's From and the callee's To with their tags, each side's Contact and signalling
/// address, the caller's CSeq) and the gateways holding its lines. Stored on the mapping gateway grain when
/// the 2xx passes; the silo's maximum-duration reminder reads it back to send BYE both ways.
/// </summary>
[GenerateSerializer]
[Alias("gateway.answered-call")]
public sealed record AnsweredCall(
    string CallId,
    string Mapping,
    string Routing,
    long AnsweredAtMs,
    string CustomerAddress,
    string VendorAddress,
    string CallerFrom,
    string CalleeTo,
    string CustomerContact,
    string VendorContact,
    long CallerCSeq)
{
    private const string Version = "c1";

    /// <summary>One line per field; header values are single lines once folding is undone.</summary>
    public string Encode() => string.Join('\n',
        Version, CallId, Mapping, Routing, AnsweredAtMs.ToString(CultureInfo.InvariantCulture), CustomerAddress, VendorAddress,
        OneLine(CallerFrom), OneLine(CalleeTo), OneLine(CustomerContact), OneLine(VendorContact), CallerCSeq.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads an encoded call; null for anything else (an older or damaged record is skipped, not fatal).</summary>
    public static AnsweredCall? Decode(string text)
    {
        var f = text.Split('\n');
        if (f.Length != 12 || f[0] != Version
            || !long.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out var answeredAt)
            || !long.TryParse(f[11], NumberStyles.None, CultureInfo.InvariantCulture, out var cseq))
        {
            return null;
        }

        return new AnsweredCall(f[1], f[2], f[3], answeredAt, f[5], f[6], f[7], f[8], f[9], f[10], cseq);
    }

    private static string OneLine(string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(c is '\r' or '\n' ? ' ' : c);
        }

        return text.ToString();
    }
}
