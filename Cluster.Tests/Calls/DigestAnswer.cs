using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Cluster.Tests.Calls;

/// <summary>
/// A caller's answer to a 407 (or 401) challenge, computed here with strings, independently of the edge's code
/// (RFC 2617, MD5, qop=auth).
/// </summary>
public static class DigestAnswer
{
    /// <summary>
    /// The <c>Proxy-Authorization</c> (or <c>Authorization</c>) line answering <paramref name="challenge"/> (the
    /// Proxy-Authenticate or WWW-Authenticate value) for <paramref name="method"/>, with <paramref name="uri"/> as the
    /// digest uri, hashed over <paramref name="uri"/>.
    /// </summary>
    public static string Line(string challenge, string user, string password, string method, string uri, string header = "Proxy-Authorization")
    {
        var realm = Field(challenge, "realm");
        var nonce = Field(challenge, "nonce");
        var cnonce = Guid.NewGuid().ToString("N")[..12];
        var ha1 = Md5($"{user}:{realm}:{password}");
        var ha2 = Md5($"{method}:{uri}");
        var response = Md5($"{ha1}:{nonce}:00000001:{cnonce}:auth:{ha2}");
        return $"{header}: Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"{cnonce}\"\r\n";
    }

    public static string Field(string challenge, string name) => Regex.Match(challenge, name + "=\"([^\"]*)\"").Groups[1].Value;

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
