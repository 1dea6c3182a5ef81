using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Cluster.Edge.Auth;
using Cluster.Edge.Registrar;
using Cluster.Grains;
using Cluster.Tests.Auth;

namespace Cluster.Tests.Registrar;

/// <summary>
/// The digest step as the registrar and the call path run it: the response is hashed over the uri the client sent,
/// which is accepted when it names this edge (127.0.0.1:5080), and a uri naming another target is a mismatch before
/// any user or password is looked at, so it can never count as a guess.
/// </summary>
public sealed class DigestGateTests
{
    private const string Realm = "softswitch";
    private const long Now = 1_763_890_000_000;
    private static readonly ClusterKeys s_keys = new(Encoding.ASCII.GetBytes("cluster-key-1-0123456789abcdef!!"), [], 1);
    private static readonly IPEndPoint s_arrivedOn = IPEndPoint.Parse("127.0.0.1:5080");

    private readonly DigestGate _gate = new(new DigestOptions(), Realm, offerSha256: false)
    {
        Ours = new ServerAddresses([IPAddress.Loopback], [5080]),
    };

    private string Nonce() =>
        Regex.Match(Encoding.ASCII.GetString(_gate.Challenge(Now, s_keys, stale: false)), "nonce=\"([^\"]+)\"").Groups[1].Value;

    private DigestOutcome Check(string requestUri, string digestUri, string user = "1000", string password = "secret", string? hashedUri = null)
    {
        var nonce = Nonce();
        var header = Encoding.ASCII.GetString(DigestTestClient.Authorization(DigestAlgorithm.Md5, user, Realm, password, "REGISTER", hashedUri ?? digestUri, nonce));
        if (hashedUri is not null)
        {
            header = header.Replace($"uri=\"{hashedUri}\"", $"uri=\"{digestUri}\"", StringComparison.Ordinal);
        }

        return _gate.Check(Encoding.ASCII.GetBytes(header), "REGISTER"u8, Encoding.ASCII.GetBytes(requestUri), s_arrivedOn, "1000", "secret", Now, s_keys).Outcome;
    }

    [Fact]
    public void SIPps_digest_uri_with_the_port_it_sent_to_verifies_for_a_port_less_Request_URI() =>
        Assert.Equal(DigestOutcome.Ok, Check("sip:127.0.0.1", "sip:127.0.0.1:5080"));

    [Fact]
    public void The_response_is_hashed_over_the_uri_as_sent_not_over_the_Request_URI()
    {
        // Hashed over the Request-URI but presenting SIPp's uri: that response is wrong for what it claims.
        Assert.Equal(DigestOutcome.WrongPassword, Check("sip:127.0.0.1", "sip:127.0.0.1:5080", hashedUri: "sip:127.0.0.1"));
    }

    [Fact]
    public void A_uri_naming_another_host_is_a_mismatch_whatever_the_user_and_password()
    {
        Assert.Equal(DigestOutcome.UriMismatch, Check("sip:127.0.0.1", "sip:evil.example.com"));
        Assert.Equal(DigestOutcome.UriMismatch, Check("sip:127.0.0.1", "sip:evil.example.com", password: "guess"));
        Assert.Equal(DigestOutcome.UriMismatch, Check("sip:127.0.0.1", "sip:evil.example.com", user: "2000"));
    }

    [Fact]
    public void A_wrong_password_with_a_good_uri_is_still_a_wrong_password() =>
        Assert.Equal(DigestOutcome.WrongPassword, Check("sip:127.0.0.1", "sip:127.0.0.1:5080", password: "guess"));

    [Fact]
    public void A_quoted_pair_in_the_uri_is_unescaped_before_it_is_judged_and_hashed()
    {
        var nonce = Nonce();
        var header = Encoding.ASCII.GetString(DigestTestClient.Authorization(DigestAlgorithm.Md5, "1000", Realm, "secret", "REGISTER", "sip:127.0.0.1:5080", nonce))
            .Replace("uri=\"sip:127.0.0.1:5080\"", "uri=\"sip:127.0.0.1\\:5080\"", StringComparison.Ordinal);

        Assert.Equal(DigestOutcome.Ok, _gate.Check(Encoding.ASCII.GetBytes(header), "REGISTER"u8, "sip:127.0.0.1"u8, s_arrivedOn, "1000", "secret", Now, s_keys).Outcome);
    }
}
