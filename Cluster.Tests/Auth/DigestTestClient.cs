using System.Security.Cryptography;
using System.Text;
using Cluster.Edge.Auth;

namespace Cluster.Tests.Auth;

/// <summary>
/// A user agent's side of digest, written the slow, obvious way with strings so the tests check
/// the span code against an independent computation.
/// </summary>
internal static class DigestTestClient
{
    /// <summary>Theory data carries algorithm tokens (the types under test are internal).</summary>
    public static DigestAlgorithm Algorithm(string token)
    {
        Assert.True(DigestAlgorithmExtensions.TryParse(System.Text.Encoding.ASCII.GetBytes(token), out var algorithm));
        return algorithm;
    }

    public static string H(DigestAlgorithm algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToHexStringLower(algorithm.IsSha256() ? SHA256.HashData(bytes) : MD5.HashData(bytes));
    }

    public static string Response(DigestAlgorithm algorithm, string username, string realm, string password,
        string method, string uri, string nonce, string? nc = "00000001", string? cnonce = "0a4f113b",
        string? qop = "auth")
    {
        var ha1 = H(algorithm, $"{username}:{realm}:{password}");
        if (algorithm.IsSession())
            ha1 = H(algorithm, $"{ha1}:{nonce}:{cnonce}");
        var ha2 = H(algorithm, $"{method}:{uri}");
        return qop is null
            ? H(algorithm, $"{ha1}:{nonce}:{ha2}")
            : H(algorithm, $"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }

    /// <summary>An Authorization value answering a challenge; username and realm are not escaped.</summary>
    public static byte[] Authorization(DigestAlgorithm algorithm, string username, string realm, string password,
        string method, string uri, string nonce, string nc = "00000001", string cnonce = "0a4f113b",
        bool withQop = true)
    {
        var response = Response(algorithm, username, realm, password, method, uri, nonce, nc, cnonce,
            withQop ? "auth" : null);
        var text = $"Digest username=\"{username}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", "
            + $"response=\"{response}\", algorithm={Encoding.ASCII.GetString(algorithm.Token())}"
            + (withQop ? $", qop=auth, nc={nc}, cnonce=\"{cnonce}\"" : "");
        return Encoding.UTF8.GetBytes(text);
    }
}
