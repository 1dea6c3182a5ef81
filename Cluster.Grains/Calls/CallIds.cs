using System.Security.Cryptography;
using System.Text;

namespace Cluster.Grains.Calls;

/// <summary>
/// The ids of a call, derived so that any edge finds the call grain without state: the call's id is a hash of the
/// customer's Call-ID and From tag (what every request of the customer's dialog, its CANCEL and its retransmitted
/// INVITE carry), and the vendor's dialog gets a Call-ID made of that id, so the vendor's requests lead back to it.
/// Nothing here reveals the other side: the vendor sees a hash, never the customer's Call-ID or address.
/// </summary>
public static class CallIds
{
    private const string VendorCallIdSuffix = "@b2b";

    /// <summary>Branch prefix of every Via the edge writes towards a vendor; responses carrying it are ours.</summary>
    public const string BranchPrefix = "z9hG4bKcx";

    /// <summary>The call's id: 24 hex digits of SHA-256 over the customer's Call-ID and From tag.</summary>
    public static string Of(ReadOnlySpan<byte> customerCallId, ReadOnlySpan<byte> customerFromTag)
    {
        Span<byte> input = stackalloc byte[Math.Min(customerCallId.Length + customerFromTag.Length + 1, 1024)];
        var n = Math.Min(customerCallId.Length, input.Length - 1);
        customerCallId[..n].CopyTo(input);
        input[n] = (byte)'\n';
        var t = Math.Min(customerFromTag.Length, input.Length - n - 1);
        customerFromTag[..t].CopyTo(input[(n + 1)..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..(n + 1 + t)], hash);
        return Convert.ToHexStringLower(hash[..12]);
    }

    /// <summary>Whether <paramref name="text"/> has the form of a call's id (an operator's argument is checked with it).</summary>
    public static bool IsId(string text) => text.Length == 24 && text.All(char.IsAsciiHexDigitLower);

    public static string Of(string customerCallId, string customerFromTag) =>
        Of(Encoding.UTF8.GetBytes(customerCallId), Encoding.UTF8.GetBytes(customerFromTag));

    /// <summary>The vendor dialog's Call-ID of attempt <paramref name="attempt"/> (1, 2, … for each vendor tried).</summary>
    public static string VendorCallId(string id, int attempt) => $"{id}-{attempt}{VendorCallIdSuffix}";

    /// <summary>The call's id from a vendor dialog's Call-ID; false for any other Call-ID.</summary>
    public static bool TryOfVendorCallId(ReadOnlySpan<byte> callId, out string id)
    {
        id = string.Empty;
        var suffix = "@b2b"u8;
        if (callId.Length < 24 + 2 + suffix.Length || !callId.EndsWith(suffix) || callId[24] != (byte)'-')
        {
            return false;
        }

        foreach (var b in callId[..24])
        {
            if (!char.IsAsciiHexDigitLower((char)b))
            {
                return false;
            }
        }

        foreach (var b in callId[25..^suffix.Length])
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }
        }

        id = Encoding.ASCII.GetString(callId[..24]);
        return true;
    }

    /// <summary>Our tag in the customer's dialog (the To tag of our answers).</summary>
    public static string CustomerSideTag(string id) => "a" + id[..16];

    /// <summary>Our tag in the vendor's dialog (the From tag of our INVITE).</summary>
    public static string VendorSideTag(string id) => "b" + id[..16];

    /// <summary>The branch of attempt <paramref name="attempt"/>'s INVITE, so a CANCEL sent by any edge matches it (§9.1).</summary>
    public static string InviteBranch(string id, int attempt) => $"{BranchPrefix}{id}.{attempt}";

    /// <summary>A fresh branch for any other request we send.</summary>
    public static string NewBranch() => BranchPrefix + Guid.NewGuid().ToString("N")[..20];
}
