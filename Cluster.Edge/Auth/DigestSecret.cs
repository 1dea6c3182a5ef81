namespace Cluster.Edge.Auth;

/// <summary>
/// What provisioning knows about an account: its password, or HA1 values (hex) stored instead of
/// it. A stored HA1 is bound to the realm and username it was made with, and to one hash: an
/// MD5 HA1 cannot answer SHA-256 credentials, so store both to accept both.
/// </summary>
internal readonly ref struct DigestSecret
{
    private DigestSecret(ReadOnlySpan<byte> password, ReadOnlySpan<byte> md5Ha1, ReadOnlySpan<byte> sha256Ha1,
        bool isPassword)
    {
        Password = password;
        Md5Ha1 = md5Ha1;
        Sha256Ha1 = sha256Ha1;
        IsPassword = isPassword;
    }

    public ReadOnlySpan<byte> Password { get; }

    /// <summary>MD5(username:realm:password) as 32 hex digits, or empty.</summary>
    public ReadOnlySpan<byte> Md5Ha1 { get; }

    /// <summary>SHA-256(username:realm:password) as 64 hex digits, or empty.</summary>
    public ReadOnlySpan<byte> Sha256Ha1 { get; }

    public bool IsPassword { get; }

    public static DigestSecret FromPassword(ReadOnlySpan<byte> password)
        => new(password, default, default, isPassword: true);

    public static DigestSecret FromHa1(ReadOnlySpan<byte> md5Ha1Hex, ReadOnlySpan<byte> sha256Ha1Hex = default)
        => new(default, md5Ha1Hex, sha256Ha1Hex, isPassword: false);

    /// <summary>True when this secret can compute responses for <paramref name="algorithm"/>.</summary>
    public bool Supports(DigestAlgorithm algorithm)
        => IsPassword || !(algorithm.IsSha256() ? Sha256Ha1 : Md5Ha1).IsEmpty;
}
