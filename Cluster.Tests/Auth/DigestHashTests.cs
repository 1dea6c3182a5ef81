using System.Text;
using Cluster.Edge.Auth;

namespace Cluster.Tests.Auth;

public sealed class DigestHashTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static string Hex(Span<byte> buffer, int length) => Encoding.ASCII.GetString(buffer[..length]);

    [Fact]
    public void Rfc2617_mufasa_example_md5_qop_auth()
    {
        // RFC 2617 §3.5: GET /dir/index.html, password "Circle Of Life" (capital O).
        Span<byte> ha1 = stackalloc byte[64];
        Span<byte> ha2 = stackalloc byte[64];
        Span<byte> response = stackalloc byte[64];

        var n1 = DigestHash.Ha1(DigestAlgorithm.Md5, B("Mufasa"), B("testrealm@host.com"), B("Circle Of Life"), ha1);
        var n2 = DigestHash.Ha2(DigestAlgorithm.Md5, B("GET"), B("/dir/index.html"), ha2);
        var n3 = DigestHash.Response(DigestAlgorithm.Md5, ha1[..n1], B("dcd98b7102dd2f0e8b11d0f600bfb0c093"),
            B("00000001"), B("0a4f113b"), B("auth"), ha2[..n2], response);

        Assert.Equal("939e7578ed9e3c518a452acee763bce9", Hex(ha1, n1));
        Assert.Equal("39aff3a2bab6126f332b942af96d3366", Hex(ha2, n2));
        Assert.Equal("6629fae49393a05397450978507c4ef1", Hex(response, n3));
    }

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Rfc7616_section_3_9_1_examples(string algorithmToken, string expected)
    {
        var algorithm = DigestTestClient.Algorithm(algorithmToken);
        // RFC 7616 §3.9.1 (with erratum 4495: "Circle of Life", lower-case "of").
        Span<byte> ha1 = stackalloc byte[64];
        Span<byte> ha2 = stackalloc byte[64];
        Span<byte> response = stackalloc byte[64];

        var n1 = DigestHash.Ha1(algorithm, B("Mufasa"), B("http-auth@example.org"), B("Circle of Life"), ha1);
        var n2 = DigestHash.Ha2(algorithm, B("GET"), B("/dir/index.html"), ha2);
        var n3 = DigestHash.Response(algorithm, ha1[..n1], B("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"),
            B("00000001"), B("f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"), B("auth"), ha2[..n2], response);

        Assert.Equal(expected, Hex(response, n3));
    }

    [Theory]
    [InlineData("MD5")]
    [InlineData("SHA-256")]
    public void Response_without_qop_is_the_rfc2069_form(string algorithmToken)
    {
        var algorithm = DigestTestClient.Algorithm(algorithmToken);
        Span<byte> ha1 = stackalloc byte[64];
        Span<byte> ha2 = stackalloc byte[64];
        Span<byte> response = stackalloc byte[64];

        var n1 = DigestHash.Ha1(algorithm, B("bob"), B("sip.example.net"), B("secret"), ha1);
        var n2 = DigestHash.Ha2(algorithm, B("REGISTER"), B("sip:sip.example.net"), ha2);
        var n3 = DigestHash.Response(algorithm, ha1[..n1], B("abc"), ha2[..n2], response);

        var expected = DigestTestClient.Response(algorithm, "bob", "sip.example.net", "secret", "REGISTER",
            "sip:sip.example.net", "abc", qop: null);
        Assert.Equal(expected, Hex(response, n3));
    }

    [Theory]
    [InlineData("MD5-sess")]
    [InlineData("SHA-256-sess")]
    public void Session_ha1_hashes_the_plain_ha1_with_nonce_and_cnonce(string algorithmToken)
    {
        var algorithm = DigestTestClient.Algorithm(algorithmToken);
        Span<byte> ha1 = stackalloc byte[64];
        Span<byte> sess = stackalloc byte[64];
        var n1 = DigestHash.Ha1(algorithm, B("bob"), B("r"), B("pw"), ha1);
        var n2 = DigestHash.SessionHa1(algorithm, ha1[..n1], B("n"), B("c"), sess);

        var plain = DigestTestClient.H(algorithm, "bob:r:pw");
        Assert.Equal(plain, Hex(ha1, n1));
        Assert.Equal(DigestTestClient.H(algorithm, $"{plain}:n:c"), Hex(sess, n2));
    }

    [Fact]
    public void Inputs_longer_than_the_stack_buffer_hash_the_same()
    {
        var uri = "sip:" + new string('a', 3000) + "@example.net";
        Span<byte> ha2 = stackalloc byte[64];
        var n = DigestHash.Ha2(DigestAlgorithm.Sha256, B("INVITE"), B(uri), ha2);
        Assert.Equal(DigestTestClient.H(DigestAlgorithm.Sha256, "INVITE:" + uri), Hex(ha2, n));
    }
}
