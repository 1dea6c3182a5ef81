namespace Cluster.Tests.Sip;

/// <summary>
/// Messages written after the categories of RFC 4475 §3.1.1 (valid but unusual) and §3.1.2 / §3.3 (invalid or
/// semantically wrong). LF line ends; <see cref="SipTestMessages.Bytes"/> turns them into CRLF.
/// </summary>
internal static class SipTortureMessages
{
    private const string Sdp = "v=0\no=mhandley 29739 7272939 IN IP4 192.0.2.3\ns=-\nc=IN IP4 192.0.2.3\nt=0 0\nm=audio 49217 RTP/AVP 0 12\n";

    // §3.1.1.1 wsinv: folding, odd case, whitespace around every separator, compact forms.
    public const string Wsinv = """
        INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0
        TO :
         sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n
        from   : "J Rosenberg \\\""       <sip:jdrosen@example.com>
          ;
          tag = 98asjd8
        MaX-fOrWaRdS: 0068
        Call-ID: wsinv.ndaksdj@192.0.2.1
        Content-Length   : {CL}
        cseq: 0009
          INVITE
        Via  : SIP  /   2.0
          /UDP
            192.0.2.2;branch=390skdjuw
        s :
        NewFangledHeader:   newfangled value
         continued newfangled value
        UnknownHeaderWithUnusualValue: ;;,,;;,;
        Content-Type: application/sdp
        Route:
         <sip:services.example.com;lr;unknownwith=value;unknown-no-value>
        v:  SIP  / 2.0  / TCP     spindle.example.com   ;
          branch  =   z9hG4bK9ikj8  ,
         SIP  /    2.0   / UDP  192.168.255.111   ; branch=
         z9hG4bK30239
        m:"Quoted string \"\"" <sip:jdrosen@example.com> ; newparam =
              newvalue ;
          secondparam ; q = 0.33

        v=0
        o=mhandley 29739 7272939 IN IP4 192.0.2.3
        s=-
        c=IN IP4 192.0.2.4
        t=0 0
        m=audio 49217 RTP/AVP 0 12
        m=video 3227 RTP/AVP 31
        a=rtpmap:31 LPC

        """;

    // §3.1.1.2 intmeth: every token character in the method, odd user/password, control chars in a quoted string.
    public static readonly string Intmeth =
        "!interesting-Method0123456789_*+`.%indeed'~ sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com SIP/2.0\n" +
        "Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~\n" +
        "To: \"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007F\" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>\n" +
        "From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439\";tag=_token~1'+`*%!-.\n" +
        "Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{\n" +
        "CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~\n" +
        "Max-Forwards: 255\n" +
        "extensionHeader-!.%*+_`'~:\uFEFF\u5927\u505c\u96fb\n" +
        "Content-Length: 0\n\n";

    // §3.1.1.3 esc01: escapes in Request-URI, To, From, Contact.
    public static readonly string Esc01 =
        "INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0\n" +
        "To: sip:%75se%72@example.com\n" +
        "From: <sip:I%20have%20spaces@example.net>;tag=938\n" +
        "Max-Forwards: 87\n" +
        "i: esc01.239409asdfakjkn23onasd0-3234\n" +
        "CSeq: 234234 INVITE\n" +
        "Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw\n" +
        "C: application/sdp\n" +
        "Contact:\n  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>\n" +
        "Content-Length: {CL}\n\n" + Sdp;

    // §3.1.1.4 escnull: %00 in URIs.
    public const string Escnull = """
        REGISTER sip:example.com SIP/2.0
        To: sip:null-%00-null@example.com
        From: sip:null-%00-null@example.com;tag=839923423
        Max-Forwards: 70
        Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd
        CSeq: 14398234 REGISTER
        Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw
        Contact: <sip:%00@host5.example.com>
        Contact: <sip:%00%00@host5.example.com>
        L:0


        """;

    // §3.1.1.6 lwsdisp: no whitespace between display name and '<'.
    public const string Lwsdisp = """
        OPTIONS sip:user@example.com SIP/2.0
        To: sip:user@example.com
        From: caller<sip:caller@example.com>;tag=323
        Max-Forwards: 70
        Call-ID: lwsdisp.1234abcd@funky.example.com
        CSeq: 60 OPTIONS
        Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw
        l: 0


        """;

    // §3.1.1.7 longreq: long values everywhere (built by code: many Vias, long tokens).
    public static string Longreq()
    {
        string longToken = new('x', 1500);
        var vias = string.Concat(Enumerable.Range(0, 40).Select(i => $"Via: SIP/2.0/TCP sip{i}.example.com;branch=z9hG4bK{i}{longToken[..40]}\n"));
        return "INVITE sip:user@example.com SIP/2.0\n" +
            $"To: \"I have a user name of {longToken} proportion\" <sip:user@example.com:6000;unknownparam1=very{longToken}value;longparam{longToken}name=shortvalue>\n" +
            $"From: sip:amazinglylongcallername{longToken}@example.net;tag=12{longToken}982;unknownheaderparam{longToken}name=unknowheaderparamvalue\n" +
            $"Call-ID: longreq.one{longToken}really\n" +
            "CSeq: 3882340 INVITE\n" +
            $"Unknown-{longToken}-Name: unknown-{longToken}-value; unknown-{longToken}-parameter-name = unknown-{longToken}-parameter-value\n" +
            vias +
            "Max-Forwards: 70\n" +
            $"Contact: <sip:amazinglylongcallername{longToken}@host5.example.net>\n" +
            "Content-Type: application/sdp\n" +
            "l: {CL}\n\n" + Sdp;
    }

    // §3.1.1.8 dblreq: a second request after the first one's Content-Length in the same datagram.
    public const string Dblreq = """
        REGISTER sip:example.com SIP/2.0
        To: sip:j.user@example.com
        From: sip:j.user@example.com;tag=43251j3j324
        Max-Forwards: 8
        I: dblreq.0ha0isndaksdj99sdfafnl3lk233412
        Contact: sip:j.user@host.example.com
        CSeq: 8 REGISTER
        Via: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKon23f6hagy
        Content-Length: 0

        INVITE sip:joe@example.com SIP/2.0
        t: sip:joe@example.com
        From: sip:caller@example.net;tag=141334
        Max-Forwards: 8
        Call-ID: dblreq.0ha0isnda977644900765@192.0.2.15
        CSeq: 8 INVITE
        Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234
        Content-Length: 0


        """;

    // §3.1.1.9 semiuri: ';' inside the user part.
    public const string Semiuri = """
        OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0
        To: sip:j_user@example.com
        From: sip:caller@example.org;tag=33242
        Max-Forwards: 3
        Call-ID: semiuri.0ha0isndaksdj
        CSeq: 8 OPTIONS
        Accept: application/sdp, application/pkcs7-mime,
                multipart/mixed, multipart/signed,
                message/sip, message/sipfrag
        Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw
        l: 0


        """;

    // §3.1.1.10 transports: unusual transports in Via.
    public const string Transports = """
        OPTIONS sip:user@example.com SIP/2.0
        To: sip:user@example.com
        From: <sip:caller@example.com>;tag=323
        Max-Forwards: 70
        Call-ID:  transports.kijh4akdnaqjkwendsasfdj
        Accept: application/sdp
        CSeq: 60 OPTIONS
        Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw
        Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf
        Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj
        Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en
        Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee
        l: 0


        """;

    // §3.1.1.11 mpart01: multipart body with a binary part.
    public static readonly string Mpart01 =
        "MESSAGE sip:kumiko@example.org SIP/2.0\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport\n" +
        "Max-Forwards: 70\n" +
        "Route: <sip:127.0.0.1:5080>\n" +
        "Identity: r5mwreLuyDRYBi/0TiPwEsY3rEVsk/G2WxhgTV1PF7hHuLIK0YWVKZhKv9Mj8UeXqkMVbnVq37CD+813gvYjcBUaZngQmXc9WNZSDNGCzA+fWl9MEUHWIZo1CeJebdY/XlgKeTa0Olvq0rt70Q5jiSfbqMJmQFteeivUhkMWYUA=\n" +
        "Contact: <sip:fluffy@127.0.0.1:5070>\n" +
        "To: <sip:kumiko@example.org>\n" +
        "From: <sip:fluffy@example.com>;tag=2fb0dcc9\n" +
        "Call-ID: 3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..\n" +
        "CSeq: 1 MESSAGE\n" +
        "Content-Transfer-Encoding: binary\n" +
        "Content-Type: multipart/mixed;boundary=7a9cbec02ceef655\n" +
        "Date: Sat, 15 Oct 2005 04:44:56 GMT\n" +
        "User-Agent: SIPimp.org/0.2.5 (curses)\n" +
        "Content-Length: {CL}\n\n" +
        "--7a9cbec02ceef655\nContent-Type: text/plain\nContent-Transfer-Encoding: binary\n\nHello\n" +
        "--7a9cbec02ceef655\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: binary\n\n" +
        "0\u0082\u0001R\u0006\t*\u0086H\u0086\u00f7\r\u0001\u0007\u0002\u00a0\u0082\u0001C0\u0082\u0001?\n" +
        "--7a9cbec02ceef655--\n";

    // §3.1.1.12 unreason: UTF-8 and odd characters in the reason phrase.
    public const string Unreason = """
        SIP/2.0 200 = 2**3 * 5**2 но сто девяносто девять - простое
        Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923
        Call-ID: unreason.1234ksdfak3j2erwedfsASdf
        CSeq: 35 INVITE
        From: sip:user@example.com;tag=11141343
        To: sip:user@example.edu;tag=2229
        Content-Length: 0


        """;

    // §3.1.1.13 noreason: empty reason phrase.
    public const string Noreason = "SIP/2.0 100 \nVia: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe\nCall-ID: noreason.asndj203insdf99223ndf\nCSeq: 35 INVITE\nFrom: <sip:user@example.com>;tag=39ansfi3\nTo: <sip:user@example.edu>;tag=902jndnke3\nContent-Length: 0\n\n";

    /// <summary>A valid request skeleton; <paramref name="startLine"/> and <paramref name="extra"/> vary per case.</summary>
    public static string Request(string startLine, string extra = "", string cseqMethod = "OPTIONS", string? from = null, string? to = null)
    {
        return startLine + "\n" +
            "Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234\n" +
            $"To: {to ?? "<sip:user@example.com>"}\n" +
            $"From: {from ?? "<sip:caller@example.net>;tag=134161461246"}\n" +
            "Max-Forwards: 70\n" +
            "Call-ID: torture.0ha0isndaksdjasdf3234nas\n" +
            $"CSeq: 8 {cseqMethod}\n" +
            extra +
            "Content-Length: 0\n\n";
    }
}
