using System.Text;
using Cluster.Edge.Auth;

namespace Cluster.Tests.Auth;

public sealed class NonceIssuerTests
{
    private static readonly byte[] s_key1 = Encoding.ASCII.GetBytes("cluster-key-1-0123456789abcdef!!");
    private static readonly byte[] s_key2 = Encoding.ASCII.GetBytes("cluster-key-2-0123456789abcdef!!");
    private static readonly byte[] s_key3 = Encoding.ASCII.GetBytes("cluster-key-3-0123456789abcdef!!");
    private static readonly byte[] s_realm = Encoding.ASCII.GetBytes("sip.example.net");
    private static readonly byte[] s_ip = [192, 0, 2, 10];

    private const long T0 = 1_763_890_000_000;

    private readonly NonceIssuer _issuer = new();

    private byte[] Issue(long nowMs = T0, byte[]? key = null, byte[]? binding = null)
    {
        var buffer = new byte[NonceIssuer.NonceLength];
        Assert.Equal(NonceIssuer.NonceLength, _issuer.Issue(buffer, nowMs, key ?? s_key1, s_realm, binding ?? s_ip));
        return buffer;
    }

    private NonceCheck Verify(byte[] nonce, long nowMs = T0, byte[]? current = null, byte[]? previous = null,
        byte[]? realm = null, byte[]? binding = null)
        => _issuer.Verify(nonce, nowMs, current ?? s_key1, previous, realm ?? s_realm, binding ?? s_ip);

    [Fact]
    public void Fresh_nonce_is_valid_url_safe_and_unique()
    {
        var a = Issue();
        var b = Issue();
        Assert.Equal(NonceCheck.Valid, Verify(a));
        Assert.NotEqual(a, b);
        Assert.All(a, c => Assert.True(char.IsAsciiLetterOrDigit((char)c) || c is (byte)'-' or (byte)'_'));
    }

    [Fact]
    public void Valid_until_the_lifetime_then_stale()
    {
        var nonce = Issue();
        Assert.Equal(NonceCheck.Valid, Verify(nonce, T0 + 300_000));
        Assert.Equal(NonceCheck.Stale, Verify(nonce, T0 + 300_001));
    }

    [Fact]
    public void Lifetime_is_configurable()
    {
        var issuer = new NonceIssuer(new DigestOptions { NonceLifetime = TimeSpan.FromSeconds(30) });
        var nonce = new byte[NonceIssuer.NonceLength];
        issuer.Issue(nonce, T0, s_key1, s_realm, s_ip);
        Assert.Equal(NonceCheck.Valid, issuer.Verify(nonce, T0 + 30_000, s_key1, default, s_realm, s_ip));
        Assert.Equal(NonceCheck.Stale, issuer.Verify(nonce, T0 + 30_001, s_key1, default, s_realm, s_ip));
    }

    [Fact]
    public void From_the_future_within_skew_is_valid_beyond_it_stale()
    {
        var nonce = Issue(T0 + 5_000);
        Assert.Equal(NonceCheck.Valid, Verify(nonce, T0));
        Assert.Equal(NonceCheck.Stale, Verify(nonce, T0 - 1));
    }

    [Fact]
    public void Any_single_bit_flip_is_invalid()
    {
        var nonce = Issue();
        for (var i = 0; i < nonce.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var forged = (byte[])nonce.Clone();
                forged[i] ^= (byte)(1 << bit);
                Assert.Equal(NonceCheck.Invalid, Verify(forged));
            }
        }
    }

    [Fact]
    public void Forged_issue_time_is_invalid_not_valid()
    {
        // Re-dating a stale nonce to now must not revive it: the time is under the MAC.
        var stale = Issue(T0 - 3_600_000);
        var raw = Convert.FromBase64String(Encoding.ASCII.GetString(stale).Replace('-', '+').Replace('_', '/') + "=");
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(raw, T0);
        var redated = Encoding.ASCII.GetBytes(Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        Assert.Equal(NonceCheck.Stale, Verify(stale));
        Assert.Equal(NonceCheck.Invalid, Verify(redated));
    }

    [Fact]
    public void Other_realm_or_binding_is_invalid()
    {
        var nonce = Issue();
        Assert.Equal(NonceCheck.Invalid, Verify(nonce, realm: Encoding.ASCII.GetBytes("sip.example.com")));
        Assert.Equal(NonceCheck.Invalid, Verify(nonce, binding: [192, 0, 2, 11]));
        Assert.Equal(NonceCheck.Invalid, Verify(nonce, binding: []));
    }

    [Fact]
    public void Realm_and_binding_cannot_slide_into_each_other()
    {
        var buffer = new byte[NonceIssuer.NonceLength];
        _issuer.Issue(buffer, T0, s_key1, "ab"u8, "c"u8);
        Assert.Equal(NonceCheck.Valid, _issuer.Verify(buffer, T0, s_key1, default, "ab"u8, "c"u8));
        Assert.Equal(NonceCheck.Invalid, _issuer.Verify(buffer, T0, s_key1, default, "a"u8, "bc"u8));
    }

    [Fact]
    public void Previous_key_is_accepted_during_rotation_older_keys_are_not()
    {
        var signedWithKey1 = Issue(key: s_key1);
        // Rotation 1: key2 current, key1 previous.
        Assert.Equal(NonceCheck.Valid, Verify(signedWithKey1, current: s_key2, previous: s_key1));
        Assert.Equal(NonceCheck.Invalid, Verify(signedWithKey1, current: s_key2));
        // Rotation 2: key3 current, key2 previous; key1 is retired.
        Assert.Equal(NonceCheck.Invalid, Verify(signedWithKey1, current: s_key3, previous: s_key2));
    }

    [Fact]
    public void Stale_with_previous_key_is_still_stale()
        => Assert.Equal(NonceCheck.Stale, Verify(Issue(key: s_key1), T0 + 400_000, current: s_key2, previous: s_key1));

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_is_invalid(string nonce)
        => Assert.Equal(NonceCheck.Invalid, Verify(Encoding.ASCII.GetBytes(nonce)));

    [Fact]
    public void Non_canonical_trailing_bits_are_invalid()
    {
        // The last character carries two unused bits; a second spelling of the same nonce is refused.
        var nonce = Issue();
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = alphabet.IndexOf((char)nonce[^1]);
        var respelled = (byte[])nonce.Clone();
        respelled[^1] = (byte)alphabet[last | 1];
        Assert.Equal(NonceCheck.Invalid, Verify(respelled));
    }

    [Fact]
    public void Empty_key_or_oversized_inputs_issue_nothing_and_verify_invalid()
    {
        var buffer = new byte[NonceIssuer.NonceLength];
        Assert.Equal(0, _issuer.Issue(buffer, T0, [], s_realm, s_ip));
        Assert.Equal(0, _issuer.Issue(buffer, T0, s_key1, s_realm, new byte[NonceIssuer.MaxBindingLength + 1]));
        Assert.Equal(0, _issuer.Issue(new byte[10], T0, s_key1, s_realm, s_ip));
        Assert.Equal(NonceCheck.Invalid, Verify(Issue(), current: []));
    }

    [Fact]
    public void Issue_time_can_be_read_back_for_the_replay_store()
    {
        Assert.True(NonceIssuer.TryReadIssuedAt(Issue(T0 + 42), out var issuedAt));
        Assert.Equal(T0 + 42, issuedAt);
        Assert.False(NonceIssuer.TryReadIssuedAt("nope"u8, out _));
    }
}
