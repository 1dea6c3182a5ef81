using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Cluster.Tests.EndToEnd;
using Cluster.Tests.Sip;

namespace Cluster.Tests.Fuzzing;

/// <summary>
/// Valid SIP messages to mutate: the parser tests' samples, RFC 4475's valid torture messages, an IPv6 REGISTER and
/// requests of every method the edge handles, with and without credentials. Every top Via names the fuzzer's own
/// socket with rport, so the answers to unmutated messages come back to it and nowhere else.
/// </summary>
public static partial class FuzzCorpus
{
    public static IReadOnlyList<byte[]> For(IPEndPoint fuzzer, IPEndPoint edge)
    {
        string[] texts =
        [
            SipTestMessages.Invite, SipTestMessages.Register, SipTestMessages.Options, SipTestMessages.Ok200,
            SipTortureMessages.Wsinv, SipTortureMessages.Intmeth, SipTortureMessages.Esc01, SipTortureMessages.Escnull,
            SipTortureMessages.Lwsdisp, SipTortureMessages.Dblreq, SipTortureMessages.Semiuri, SipTortureMessages.Transports,
            SipTortureMessages.Mpart01, SipTortureMessages.Unreason, SipTortureMessages.Noreason, SipIpv6Messages.Good,
        ];
        var via = $"Via: SIP/2.0/UDP {fuzzer.Address}:{fuzzer.Port};branch=z9hG4bKfuzz;rport";
        var corpus = texts.Select(t => Encoding.UTF8.GetString(SipTestMessages.Bytes(t))).Select(t => TopVia().Replace(t, via, 1)).ToList();

        var uri = $"sip:1001@{edge.Address}:{edge.Port}";
        corpus.Add(SipText.Request("OPTIONS", fuzzer, "fuzz-options"));
        corpus.Add(SipText.Request("REGISTER", fuzzer, "fuzz-register", extraHeaders: $"Contact: <sip:1001@{fuzzer}>;expires=60\r\nExpires: 60\r\n"));
        corpus.Add(SipText.Request("REGISTER", fuzzer, "fuzz-register-digest", extraHeaders:
            $"Contact: <sip:1001@{fuzzer}>\r\nAuthorization: Digest username=\"1001\", realm=\"softswitch\", nonce=\"MTcwMDAwMDAwMA.abcdef0123456789\", " +
            $"uri=\"{uri}\", response=\"0123456789abcdef0123456789abcdef\", qop=auth, nc=00000001, cnonce=\"fuzzc\", algorithm=MD5\r\n"));
        corpus.Add(SipText.Request("INVITE", fuzzer, "fuzz-invite", extraHeaders: "Contact: <sip:cust@127.0.0.21>\r\nContent-Type: application/sdp\r\n")
            .Replace("sip:edge@127.0.0.1", "sip:12025550100@127.0.0.1", StringComparison.Ordinal));
        corpus.Add(SipText.Request("INVITE", fuzzer, "fuzz-invite-auth", extraHeaders:
            "Proxy-Authorization: Digest username=\"cust\", realm=\"softswitch\", nonce=\"MTcwMDAwMDAwMA.00\", uri=\"sip:12025550100@127.0.0.1\", " +
            "response=\"ffffffffffffffffffffffffffffffff\", qop=auth, nc=00000002, cnonce=\"c\"\r\n"));
        corpus.Add(SipText.Request("CANCEL", fuzzer, "fuzz-cancel"));
        corpus.Add(SipText.Request("BYE", fuzzer, "fuzz-bye").Replace("To: <sip:edge@127.0.0.1>", "To: <sip:edge@127.0.0.1>;tag=t1", StringComparison.Ordinal));
        corpus.Add(SipText.Request("ACK", fuzzer, "fuzz-ack"));
        corpus.Add(SipText.Request("SUBSCRIBE", fuzzer, "fuzz-subscribe", extraHeaders: "Event: presence\r\nRequire: 100rel\r\n"));
        return [.. corpus.Select(Encoding.UTF8.GetBytes)];
    }

    [GeneratedRegex("^(Via|v):[^\r\n]*", RegexOptions.Multiline)]
    private static partial Regex TopVia();
}
