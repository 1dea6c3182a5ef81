using System.Text;

namespace Cluster.Edge.Auth;

/// <summary>Names, sizes and token parsing for <see cref="DigestAlgorithm"/>.</summary>
internal static class DigestAlgorithmExtensions
{
    /// <summary>Largest hash output in bytes (SHA-256); sizes stack buffers.</summary>
    public const int MaxHashBytes = 32;

    /// <summary>Largest hash output as hex.</summary>
    public const int MaxHexLength = MaxHashBytes * 2;

    public static bool IsSession(this DigestAlgorithm algorithm)
        => algorithm is DigestAlgorithm.Md5Sess or DigestAlgorithm.Sha256Sess;

    public static bool IsSha256(this DigestAlgorithm algorithm)
        => algorithm is DigestAlgorithm.Sha256 or DigestAlgorithm.Sha256Sess;

    /// <summary>The algorithm without its <c>-sess</c> suffix: the one a stored HA1 is made with.</summary>
    public static DigestAlgorithm Base(this DigestAlgorithm algorithm)
        => algorithm.IsSha256() ? DigestAlgorithm.Sha256 : DigestAlgorithm.Md5;

    public static int HashBytes(this DigestAlgorithm algorithm) => algorithm.IsSha256() ? 32 : 16;

    public static int HexLength(this DigestAlgorithm algorithm) => algorithm.HashBytes() * 2;

    /// <summary>The token as written in a challenge (RFC 7616 §3.3 spelling).</summary>
    public static ReadOnlySpan<byte> Token(this DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Md5Sess => "MD5-sess"u8,
        DigestAlgorithm.Sha256 => "SHA-256"u8,
        DigestAlgorithm.Sha256Sess => "SHA-256-sess"u8,
        _ => "MD5"u8,
    };

    /// <summary>Parses an algorithm token, case-insensitively as RFC 7616 §3.3 requires.</summary>
    public static bool TryParse(ReadOnlySpan<byte> token, out DigestAlgorithm algorithm)
    {
        if (Ascii.EqualsIgnoreCase(token, "MD5"u8)) { algorithm = DigestAlgorithm.Md5; return true; }
        if (Ascii.EqualsIgnoreCase(token, "SHA-256"u8)) { algorithm = DigestAlgorithm.Sha256; return true; }
        if (Ascii.EqualsIgnoreCase(token, "MD5-sess"u8)) { algorithm = DigestAlgorithm.Md5Sess; return true; }
        if (Ascii.EqualsIgnoreCase(token, "SHA-256-sess"u8)) { algorithm = DigestAlgorithm.Sha256Sess; return true; }
        algorithm = default;
        return false;
    }
}
