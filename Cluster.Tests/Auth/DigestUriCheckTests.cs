using System.Net;
using System.Text;
using Cluster.Edge.Auth;

namespace Cluster.Tests.Auth;

/// <summary>
/// Which digest uris name this server for a request (an edge listening on 127.0.0.1 and 192.0.2.10, port 5080),
/// and which name something else: the second kind get 400 and never count as a failed login.
/// </summary>
public sealed class DigestUriCheckTests
{
    private static readonly ServerAddresses s_ours = new([IPAddress.Parse("127.0.0.1"), IPAddress.Parse("192.0.2.10"), IPAddress.IPv6Loopback], [5080]);

    private static DigestUriVerdict Check(string digestUri, string requestUri, ServerAddresses? ours = null, IPEndPoint? arrivedOn = null) =>
        DigestUriCheck.Check(Encoding.ASCII.GetBytes(digestUri), Encoding.ASCII.GetBytes(requestUri), ours ?? s_ours, arrivedOn);

    [Theory]
    [InlineData("sip:127.0.0.1:5080", "sip:127.0.0.1:5080")]
    [InlineData("sip:softswitch", "sip:softswitch")]
    [InlineData("sip:12025550100@127.0.0.1:5080", "sip:12025550100@127.0.0.1:5080")]
    public void The_Request_URI_itself_is_accepted_as_it_is(string digestUri, string requestUri) =>
        Assert.Equal(DigestUriVerdict.SameAsRequestUri, Check(digestUri, requestUri));

    [Theory]
    [InlineData("sip:127.0.0.1:5080", "sip:127.0.0.1")]                     // SIPp's [authentication]: the port it sent to
    [InlineData("sip:softswitch:5080", "sip:softswitch")]                   // a domain Request-URI, our port
    [InlineData("sip:192.0.2.10:5080", "sip:softswitch")]                   // one of our addresses for the domain
    [InlineData("sip:192.0.2.10", "sip:softswitch")]                        // no port: 5060, the Request-URI's own
    [InlineData("sip:SoftSwitch", "sip:softswitch")]                        // host names are case-insensitive
    [InlineData("sip:127.0.0.1:5080;transport=udp", "sip:127.0.0.1")]       // parameters ignored
    [InlineData("sip:127.0.0.1:5080?subject=x", "sip:127.0.0.1")]           // headers ignored
    [InlineData("sip:127.0.0.1;lr", "sip:127.0.0.1;transport=tcp")]
    [InlineData("sip:[0:0::1]:5080", "sip:[::1]")]                           // addresses compare as addresses
    [InlineData("sip:[::1]:5080", "sip:127.0.0.1")]                          // our IPv6 listener
    [InlineData("sip:127.0.0.1:5080", "sip:12025550100@127.0.0.1")]          // SIPp's INVITE digest: no user
    [InlineData("sip:12025550100@127.0.0.1:5080", "sip:12025550100@127.0.0.1")]
    [InlineData("sips:softswitch:5061", "sips:softswitch")]                  // sips defaults to 5061
    [InlineData("tel:+15551234", "tel:+15551234;phone-context=example.net")]
    public void A_uri_written_another_way_but_naming_this_server_for_this_request_is_accepted(string digestUri, string requestUri) =>
        Assert.Equal(DigestUriVerdict.NamesThisServer, Check(digestUri, requestUri));

    [Theory]
    [InlineData("sip:evil.example.com", "sip:softswitch", "OtherHost")]
    [InlineData("sip:198.51.100.1:5080", "sip:127.0.0.1", "OtherHost")]
    [InlineData("sip:softswitch.example.com", "sip:softswitch", "OtherHost")]
    [InlineData("sip:127.0.0.1:5999", "sip:127.0.0.1", "OtherPort")]
    [InlineData("sip:127.0.0.1", "sip:127.0.0.1:5090", "OtherPort")]      // 5060 is not ours, nor the Request-URI's
    [InlineData("sips:127.0.0.1:5080", "sip:127.0.0.1", "OtherScheme")]
    [InlineData("sip:12025550100@127.0.0.1", "tel:12025550100", "OtherScheme")]
    [InlineData("urn:service:sos", "sip:127.0.0.1", "OtherScheme")]
    [InlineData("sip:19005550100@127.0.0.1:5080", "sip:12025550100@127.0.0.1", "OtherUser")]   // credentials for another call
    [InlineData("sip:1000@127.0.0.1", "sip:127.0.0.1", "OtherUser")]
    [InlineData("tel:+15559999", "tel:+15551234", "OtherUser")]
    [InlineData("not a uri", "sip:127.0.0.1", "Unparsable")]
    [InlineData("", "sip:127.0.0.1", "Unparsable")]
    public void A_uri_naming_another_target_is_refused_with_the_reason(string digestUri, string requestUri, string expected)
    {
        // Theory data carries the verdict's name: the enum is internal to the edge.
        var verdict = Check(digestUri, requestUri);
        Assert.Equal(expected, verdict.ToString());
        Assert.False(verdict.IsAccepted());
    }

    [Fact]
    public void The_address_a_request_arrived_on_is_ours_even_before_the_listeners_are_known()
    {
        var arrivedOn = IPEndPoint.Parse("10.1.2.3:5070");

        Assert.Equal(DigestUriVerdict.NamesThisServer, Check("sip:10.1.2.3:5070", "sip:softswitch", ServerAddresses.None, arrivedOn));
        Assert.Equal(DigestUriVerdict.OtherHost, Check("sip:10.1.2.4:5070", "sip:softswitch", ServerAddresses.None, arrivedOn));
        Assert.Equal(DigestUriVerdict.OtherPort, Check("sip:10.1.2.3:5071", "sip:softswitch", ServerAddresses.None, arrivedOn));
    }

    [Fact]
    public void A_wildcard_listener_stands_for_every_address_of_the_machine()
    {
        var ours = ServerAddresses.Of([IPEndPoint.Parse("0.0.0.0:5060")], () => [IPAddress.Parse("10.1.2.3"), IPAddress.Parse("fd00::7")]);

        Assert.Equal(DigestUriVerdict.NamesThisServer, Check("sip:10.1.2.3", "sip:softswitch", ours));
        Assert.Equal(DigestUriVerdict.NamesThisServer, Check("sip:[fd00::7]:5060", "sip:softswitch", ours));
        Assert.Equal(DigestUriVerdict.OtherHost, Check("sip:10.1.2.4", "sip:softswitch", ours));
        // An address bound by name is itself, not the whole machine.
        var bound = ServerAddresses.Of([IPEndPoint.Parse("10.1.2.3:5060")], () => throw new InvalidOperationException("not a wildcard"));
        Assert.Equal(DigestUriVerdict.OtherHost, Check("sip:10.9.9.9", "sip:softswitch", bound));
    }
}
