using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Cluster.Edge.Auth;

namespace Cluster.Bench;

/// <summary>
/// One REGISTER's digest work on the edge: parse the Authorization value, verify the nonce
/// (HMAC-SHA256) and recompute the response from the password. Also the 401 side: issue a nonce
/// and write the SHA-256 + MD5 challenge lines.
/// </summary>
[MemoryDiagnoser]
public class DigestVerifyBenchmarks
{
    private const string Realm = "sip.example.net";
    private const string Uri = "sip:sip.example.net";
    private const long IssuedAt = 1_763_890_000_000;

    private readonly byte[] _realm = Encoding.ASCII.GetBytes(Realm);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _previousKey = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _binding = [203, 0, 113, 9];
    private readonly byte[] _password = Encoding.ASCII.GetBytes("bench-password-1000");
    private readonly byte[] _method = Encoding.ASCII.GetBytes("REGISTER");
    private readonly byte[] _challenge = new byte[512];
    private DigestVerifier _verifier = null!;
    private byte[] _md5Header = null!;
    private byte[] _sha256Header = null!;

    [GlobalSetup]
    public void Setup()
    {
        _verifier = new DigestVerifier();
        var nonce = new byte[NonceIssuer.NonceLength];
        _verifier.Nonces.Issue(nonce, IssuedAt, _key, _realm, _binding);
        _md5Header = Header("MD5", Encoding.ASCII.GetString(nonce));
        _sha256Header = Header("SHA-256", Encoding.ASCII.GetString(nonce));
        if (VerifyMd5() != (int)DigestOutcome.Ok || VerifySha256() != (int)DigestOutcome.Ok)
            throw new InvalidOperationException("benchmark credentials do not verify");
    }

    // Returned as int: the outcome enum is internal and benchmark methods must be public.
    [Benchmark]
    public int VerifyMd5() => (int)Verify(_md5Header);

    [Benchmark]
    public int VerifySha256() => (int)Verify(_sha256Header);

    [Benchmark]
    public bool ParseOnly() => DigestCredentials.TryParse(_sha256Header, out _);

    [Benchmark]
    public int IssueNonceAndChallenge()
    {
        Span<byte> nonce = stackalloc byte[NonceIssuer.NonceLength];
        _verifier.Nonces.Issue(nonce, IssuedAt, _key, _realm, _binding);
        DigestChallenge.TryWriteSha256AndMd5(_challenge, proxy: false, _realm, nonce, stale: false, out var written);
        return written;
    }

    private DigestOutcome Verify(byte[] header)
    {
        if (!DigestCredentials.TryParse(header, out var credentials))
            return DigestOutcome.Malformed;
        var context = new DigestContext(IssuedAt + 1_000, _realm, _binding, _key, _previousKey);
        return _verifier.Check(credentials, header, _method, default, DigestSecret.FromPassword(_password), context);
    }

    // Built the slow way on purpose: the client side is not what is measured.
    private static byte[] Header(string algorithm, string nonce)
    {
        string H(string s) => Convert.ToHexStringLower(algorithm == "MD5"
            ? MD5.HashData(Encoding.ASCII.GetBytes(s))
            : SHA256.HashData(Encoding.ASCII.GetBytes(s)));
        const string cnonce = "6a4c2f0e";
        var ha1 = H($"1000:{Realm}:bench-password-1000");
        var ha2 = H($"REGISTER:{Uri}");
        var response = H($"{ha1}:{nonce}:00000001:{cnonce}:auth:{ha2}");
        return Encoding.ASCII.GetBytes(
            $"Digest username=\"1000\",realm=\"{Realm}\",nonce=\"{nonce}\",uri=\"{Uri}\",response=\"{response}\","
            + $"algorithm={algorithm},cnonce=\"{cnonce}\",qop=auth,nc=00000001");
    }
}
