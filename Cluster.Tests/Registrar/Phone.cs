using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Cluster.Tests.EndToEnd;

namespace Cluster.Tests.Registrar;

/// <summary>
/// A SIP phone on a real UDP socket of a chosen loopback address (127.0.0.x acts as another host),
/// registering with digest authentication. The digest is computed here independently of the
/// product's code (RFC 2617, MD5, qop=auth), so the test checks the edge against the RFC.
/// </summary>
public sealed class Phone : IDisposable
{
    private const string RequestUri = "sip:softswitch";

    private readonly UdpClient _socket;
    private int _cseq;

    public Phone(string localAddress)
    {
        _socket = new UdpClient(new IPEndPoint(IPAddress.Parse(localAddress), 0));
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    /// <summary>The last REGISTER sent with credentials, byte for byte (for replay tests).</summary>
    public string LastAuthorizedRequest { get; private set; } = string.Empty;

    /// <summary>
    /// REGISTER, answer the challenge with <paramref name="password"/>, return the final answer (null: silence).
    /// <paramref name="digestUri"/> replaces the Request-URI as the digest uri (hashed as sent), as some clients do.
    /// </summary>
    public async Task<string?> RegisterAsync(IPEndPoint edge, string user, string password, int expires = 3600, string? digestUri = null)
    {
        var callId = $"{user}-{Guid.NewGuid():N}";
        var challenge = await SendAsync(edge, Register(user, callId, ++_cseq, expires, authorization: null));
        if (challenge is null || SipText.StatusCode(challenge) != 401)
        {
            return challenge;
        }

        var www = SipText.Header(challenge, "WWW-Authenticate")!;
        var authorization = Authorization(user, password, Param(www, "realm"), Param(www, "nonce"), digestUri ?? RequestUri);
        LastAuthorizedRequest = Register(user, callId, ++_cseq, expires, authorization);
        return await SendAsync(edge, LastAuthorizedRequest);
    }

    /// <summary>Sends and awaits the final answer; null when none came within <paramref name="wait"/> (silence).</summary>
    public async Task<string?> SendAsync(IPEndPoint edge, string request, TimeSpan? wait = null)
    {
        await _socket.SendAsync(Encoding.ASCII.GetBytes(request), edge);
        using var timeout = new CancellationTokenSource(wait ?? SipUdpPeer.ReplyTimeout);
        try
        {
            while (true)
            {
                var text = Encoding.ASCII.GetString((await _socket.ReceiveAsync(timeout.Token)).Buffer);
                if (SipText.StatusCode(text) >= 200)
                {
                    return text;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends a request that gets no answer (ACK).</summary>
    public async Task SendOnlyAsync(IPEndPoint to, string request) => await _socket.SendAsync(Encoding.ASCII.GetBytes(request), to);

    public string Register(string user, string callId, int cseq, int expires, string? authorization) =>
        $"REGISTER {RequestUri} SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP {LocalEndPoint.Address}:{LocalEndPoint.Port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:{user}@softswitch>;tag={cseq}x{user}\r\n" +
        $"To: <sip:{user}@softswitch>\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} REGISTER\r\n" +
        $"Contact: <sip:{user}@{LocalEndPoint.Address}:{LocalEndPoint.Port}>\r\n" +
        (authorization is null ? string.Empty : $"Authorization: {authorization}\r\n") +
        $"Expires: {expires}\r\n" +
        "User-Agent: cluster-tests\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static string Authorization(string user, string password, string realm, string nonce, string uri)
    {
        const string nc = "00000001";
        var cnonce = Guid.NewGuid().ToString("N")[..16];
        var ha1 = Md5($"{user}:{realm}:{password}");
        var ha2 = Md5($"REGISTER:{uri}");
        var response = Md5($"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}");
        return $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", algorithm=MD5, cnonce=\"{cnonce}\", qop=auth, nc={nc}";
    }

    private static string Param(string header, string name)
    {
        var at = header.IndexOf(name + "=", StringComparison.Ordinal) + name.Length + 1;
        return header[at] == '"' ? header[(at + 1)..header.IndexOf('"', at + 1)] : header[at..].Split(',')[0].Trim();
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    public void Dispose() => _socket.Dispose();
}
