using System.Text;
using Cluster.Edge.Auth;

namespace Cluster.Tests.Auth;

public sealed class DigestChallengeTests
{
    private static readonly byte[] s_realm = Encoding.ASCII.GetBytes("sip.example.net");
    private static readonly byte[] s_nonce = Encoding.ASCII.GetBytes("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

    private static string Write(bool proxy, DigestAlgorithm algorithm, bool stale, bool qop = true)
    {
        var buffer = new byte[DigestChallenge.MaxLength(s_realm, s_nonce)];
        Assert.True(DigestChallenge.TryWrite(buffer, proxy, s_realm, s_nonce, algorithm, stale, out var n, qop));
        return Encoding.ASCII.GetString(buffer, 0, n);
    }

    [Fact]
    public void Www_authenticate_md5()
        => Assert.Equal(
            "WWW-Authenticate: Digest realm=\"sip.example.net\", nonce=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\", "
            + "algorithm=MD5, qop=\"auth\"\r\n",
            Write(proxy: false, DigestAlgorithm.Md5, stale: false));

    [Fact]
    public void Proxy_authenticate_sha256_stale()
        => Assert.Equal(
            "Proxy-Authenticate: Digest realm=\"sip.example.net\", nonce=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\", "
            + "algorithm=SHA-256, qop=\"auth\", stale=true\r\n",
            Write(proxy: true, DigestAlgorithm.Sha256, stale: true));

    [Fact]
    public void Without_qop()
        => Assert.EndsWith("algorithm=MD5\r\n", Write(proxy: false, DigestAlgorithm.Md5, stale: false, qop: false));

    [Fact]
    public void Sha256_comes_before_md5()
    {
        var buffer = new byte[2 * DigestChallenge.MaxLength(s_realm, s_nonce)];
        Assert.True(DigestChallenge.TryWriteSha256AndMd5(buffer, proxy: false, s_realm, s_nonce, stale: false, out var n));
        var lines = Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n");
        Assert.Equal(3, lines.Length);
        Assert.Contains("algorithm=SHA-256", lines[0]);
        Assert.Contains("algorithm=MD5", lines[1]);
        Assert.Equal("", lines[2]);
    }

    [Fact]
    public void Realm_with_quotes_is_escaped_and_parses_back()
    {
        var realm = Encoding.ASCII.GetBytes("we \"r\" \\here");
        var buffer = new byte[DigestChallenge.MaxLength(realm, s_nonce)];
        Assert.True(DigestChallenge.TryWrite(buffer, false, realm, s_nonce, DigestAlgorithm.Md5, false, out var n));
        Assert.Contains("realm=\"we \\\"r\\\" \\\\here\"", Encoding.ASCII.GetString(buffer, 0, n));
    }

    [Fact]
    public void Too_small_destination_is_refused()
    {
        var buffer = new byte[20];
        Assert.False(DigestChallenge.TryWrite(buffer, false, s_realm, s_nonce, DigestAlgorithm.Md5, false, out var n));
        Assert.Equal(0, n);
        var one = new byte[DigestChallenge.MaxLength(s_realm, s_nonce)];
        Assert.False(DigestChallenge.TryWriteSha256AndMd5(one, false, s_realm, s_nonce, false, out _));
    }
}
