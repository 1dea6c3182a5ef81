using System.Text;
using Cluster.Edge.Auth;

namespace Cluster.Tests.Auth;

public sealed class DigestCredentialsTests
{
    private const string Rfc2617 =
        "Digest username=\"Mufasa\",\r\n realm=\"testrealm@host.com\",\r\n"
        + " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n uri=\"/dir/index.html\",\r\n"
        + " qop=auth,\r\n nc=00000001,\r\n cnonce=\"0a4f113b\",\r\n"
        + " response=\"6629fae49393a05397450978507c4ef1\",\r\n opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    private const string Minimal = "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"00\"";

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static string Text(DigestParamRange range, byte[] header) => Encoding.UTF8.GetString(range.Slice(header));

    private static bool Parses(string header) => DigestCredentials.TryParse(B(header), out _);

    [Fact]
    public void Parses_the_rfc2617_example_with_folded_lines()
    {
        var header = B(Rfc2617);
        Assert.True(DigestCredentials.TryParse(header, out var c));

        Assert.True(c.IsParsed);
        Assert.Equal("Mufasa", Text(c.Username, header));
        Assert.Equal("testrealm@host.com", Text(c.Realm, header));
        Assert.Equal("dcd98b7102dd2f0e8b11d0f600bfb0c093", Text(c.Nonce, header));
        Assert.Equal("/dir/index.html", Text(c.Uri, header));
        Assert.Equal("6629fae49393a05397450978507c4ef1", Text(c.Response, header));
        Assert.Equal("0a4f113b", Text(c.Cnonce, header));
        Assert.Equal("5ccc069c403ebaf9f0171e9517f40e41", Text(c.Opaque, header));
        Assert.Equal("auth", Text(c.QopText, header));
        Assert.Equal("00000001", Text(c.NonceCountText, header));
        Assert.Equal(DigestQop.Auth, c.Qop);
        Assert.Equal(1u, c.NonceCount);
        Assert.Equal(DigestAlgorithm.Md5, c.Algorithm);
        Assert.True(c.IsAlgorithmKnown);
    }

    [Fact]
    public void Parses_the_rfc7616_sha256_example()
    {
        var header = B("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", "
            + "algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, "
            + "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
            + "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
            + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
        Assert.True(DigestCredentials.TryParse(header, out var c));
        Assert.Equal(DigestAlgorithm.Sha256, c.Algorithm);
        Assert.Equal("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", Text(c.Nonce, header));
    }

    [Theory]
    [InlineData("digest", "MD5")]
    [InlineData("DIGEST", "MD5")]
    [InlineData("Digest", "SHA-256")]
    public void Scheme_and_algorithm_are_case_insensitive(string scheme, string algorithmToken)
    {
        var algorithm = DigestTestClient.Algorithm(algorithmToken);
        var token = algorithm == DigestAlgorithm.Sha256 ? "sha-256" : "md5";
        var header = B($"{scheme} USERNAME=\"u\", Realm=\"r\", NONCE=n, uri=\"sip:r\", response=\"00\", algorithm=\"{token}\"");
        Assert.True(DigestCredentials.TryParse(header, out var c));
        Assert.Equal(algorithm, c.Algorithm);
        Assert.Equal("n", Text(c.Nonce, header));
    }

    [Fact]
    public void Quoted_commas_and_equals_stay_inside_the_value()
    {
        var header = B("Digest username=\"a,b=c\", realm=\"r, s\", nonce=\"n\", uri=\"sip:x;a=b,c\", response=\"00\"");
        Assert.True(DigestCredentials.TryParse(header, out var c));
        Assert.Equal("a,b=c", Text(c.Username, header));
        Assert.Equal("r, s", Text(c.Realm, header));
        Assert.Equal("sip:x;a=b,c", Text(c.Uri, header));
    }

    [Fact]
    public void Escaped_quotes_are_kept_raw_and_flagged()
    {
        var header = B("Digest username=\"say \\\"hi\\\" \\\\o/\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\"");
        Assert.True(DigestCredentials.TryParse(header, out var c));
        Assert.True(c.Username.HasEscapes);
        Assert.False(c.Realm.HasEscapes);

        var raw = c.Username.Slice(header);
        var buffer = new byte[raw.Length];
        var n = DigestText.Unescape(raw, buffer);
        Assert.Equal("say \"hi\" \\o/", Encoding.UTF8.GetString(buffer, 0, n));
    }

    [Fact]
    public void Unknown_parameters_and_empty_list_elements_are_ignored()
    {
        Assert.True(Parses("Digest ,username=\"u\",, realm=\"r\" , userhash=false, x-thing=\"a\\\"b\", "
            + "nonce=\"n\", uri=\"u\", response=\"00\",  "));
    }

    [Fact]
    public void Nc_is_eight_hex_digits_in_any_case()
    {
        var header = B(Minimal + ", qop=\"auth\", nc=0000fFfF, cnonce=c");
        Assert.True(DigestCredentials.TryParse(header, out var c));
        Assert.Equal(0xFFFFu, c.NonceCount);
        Assert.Equal(DigestQop.Auth, c.Qop);
    }

    [Theory]
    [InlineData("nc=0001")]
    [InlineData("nc=000000001")]
    [InlineData("nc=0000000g")]
    [InlineData("nc=\"\"")]
    public void Bad_nc_is_refused(string nc)
        => Assert.False(Parses(Minimal + ", qop=auth, cnonce=c, " + nc));

    [Fact]
    public void Unknown_algorithm_and_qop_parse_but_are_marked()
    {
        Assert.True(DigestCredentials.TryParse(B(Minimal + ", algorithm=SHA-512-256, qop=auth-int, nc=00000001, cnonce=c"),
            out var c));
        Assert.False(c.IsAlgorithmKnown);
        Assert.Equal(DigestQop.AuthInt, c.Qop);
    }

    [Theory]
    [InlineData("username")]
    [InlineData("realm")]
    [InlineData("nonce")]
    [InlineData("uri")]
    [InlineData("response")]
    public void Each_required_field_missing_is_refused(string field)
    {
        var parts = new List<string> { "username=\"u\"", "realm=\"r\"", "nonce=\"n\"", "uri=\"u\"", "response=\"00\"" };
        parts.RemoveAll(p => p.StartsWith(field + "=", StringComparison.Ordinal));
        Assert.False(Parses("Digest " + string.Join(", ", parts)));
    }

    [Theory]
    [InlineData(", qop=auth, nc=00000001")]
    [InlineData(", qop=auth, cnonce=c")]
    public void Qop_without_nc_or_cnonce_is_refused(string tail) => Assert.False(Parses(Minimal + tail));

    [Theory]
    [InlineData("username=\"x\"")]
    [InlineData("REALM=\"r\"")]
    [InlineData("nonce=n")]
    [InlineData("algorithm=MD5, algorithm=MD5")]
    [InlineData("qop=auth, nc=00000001, cnonce=c, qop=auth")]
    public void Duplicated_parameters_are_refused(string extra) => Assert.False(Parses(Minimal + ", " + extra));

    [Theory]
    [InlineData("")]
    [InlineData("Digest")]
    [InlineData("Digest ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Digestusername=\"u\"")]
    [InlineData("Digest username=\"u")]
    [InlineData("Digest username=\"u\\")]
    [InlineData("Digest username=")]
    [InlineData("Digest username")]
    [InlineData("Digest =\"u\"")]
    [InlineData("Digest username=\"u\" realm=\"r\"")]
    [InlineData("Digest username=u v, realm=r")]
    [InlineData("Digest username=\"a\rb\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\"")]
    [InlineData("Digest username=\"a\\\nb\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\"")]
    [InlineData("Digest username=<u>, realm=\"r\", nonce=\"n\", uri=\"u\", response=\"00\"")]
    [InlineData("\"Digest\" username=\"u\"")]
    public void Garbage_is_refused(string header) => Assert.False(Parses(header));

    [Fact]
    public void Huge_values_and_headers_are_refused()
    {
        Assert.False(Parses(Minimal.Replace("username=\"u\"", $"username=\"{new string('u', 257)}\"")));
        Assert.True(Parses(Minimal.Replace("username=\"u\"", $"username=\"{new string('u', 256)}\"")));
        Assert.False(Parses(Minimal.Replace("uri=\"sip:r\"", $"uri=\"{new string('u', 1025)}\"")));
        Assert.False(Parses(Minimal + ", x=\"" + new string('x', DigestCredentials.MaxHeaderLength) + "\""));
    }

    [Fact]
    public void Too_many_parameters_are_refused()
    {
        var junk = string.Concat(Enumerable.Range(0, DigestCredentials.MaxParameters).Select(i => $", x{i}=1"));
        Assert.False(Parses(Minimal + junk));
    }

    [Fact]
    public void Every_prefix_of_a_valid_header_is_handled_without_throwing()
    {
        var header = B(Rfc2617);
        for (var i = 0; i <= header.Length; i++)
            DigestCredentials.TryParse(header.AsSpan(0, i), out _);
        Assert.True(DigestCredentials.TryParse(header, out _));
    }

    [Fact]
    public void Range_sliced_from_a_shorter_buffer_is_empty_not_an_exception()
    {
        Assert.True(DigestCredentials.TryParse(B(Minimal), out var c));
        Assert.True(c.Response.Slice(B("Digest")).IsEmpty);
    }
}
