using System.Text;
using Cluster.Edge.Registrar;
using Cluster.Edge.Sip;

namespace Cluster.Tests.Registrar;

public sealed class RegisterRequestViewTests
{
    private static RegisterProblem Read(string contactAndExpires, out RegisterRequestView? view, string to = "<sip:1001@example.net>")
    {
        var text = "REGISTER sip:example.net SIP/2.0\r\n" +
                   "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKreg1\r\n" +
                   "Max-Forwards: 70\r\n" +
                   "From: <sip:1001@example.net>;tag=a1\r\n" +
                   $"To: {to}\r\n" +
                   "Call-ID: reg-view-1\r\n" +
                   "CSeq: 1 REGISTER\r\n" +
                   contactAndExpires +
                   "Content-Length: 0\r\n\r\n";
        var message = new SipMessage();
        var result = SipParser.Parse(Encoding.ASCII.GetBytes(text), SipParserLimits.Default, SipFraming.Datagram, message);
        Assert.Equal(SipParseStatus.Complete, result.Status);
        return RegisterRequestView.TryRead(message, RegistrationPolicy.Default, out view);
    }

    [Fact]
    public void Contacts_take_their_own_expires_then_the_header_then_the_default_and_are_capped()
    {
        Assert.Equal(RegisterProblem.None, Read(
            "Contact: <sip:1001@192.0.2.1:5060>;expires=120, <sip:1001@192.0.2.2>\r\nExpires: 300\r\nContact: sip:1001@192.0.2.3;expires=86400\r\n",
            out var view));

        Assert.Equal("1001", view!.User);
        Assert.Equal(
            [("sip:1001@192.0.2.1:5060", 120), ("sip:1001@192.0.2.2", 300), ("sip:1001@192.0.2.3", 3600)],
            view.Contacts.Select(c => (c.Uri, (int)c.Expires.TotalSeconds)));
    }

    [Fact]
    public void No_contact_is_a_query_and_star_with_expires_zero_removes_all()
    {
        Assert.Equal(RegisterProblem.None, Read("", out var query));
        Assert.True(query!.IsQuery);

        Assert.Equal(RegisterProblem.None, Read("Contact: *\r\nExpires: 0\r\n", out var all));
        Assert.True(all!.IsWildcard);
        Assert.Empty(all.Contacts);
    }

    [Theory]
    [InlineData("Contact: *\r\n")]
    [InlineData("Contact: *\r\nExpires: 60\r\n")]
    [InlineData("Contact: *, <sip:1001@192.0.2.1>\r\nExpires: 0\r\n")]
    public void Star_is_refused_unless_alone_with_expires_zero(string headers) =>
        Assert.Equal(RegisterProblem.WildcardMisuse, Read(headers, out _));

    [Fact]
    public void A_lifetime_below_the_minimum_is_too_brief_but_zero_is_a_removal()
    {
        Assert.Equal(RegisterProblem.IntervalTooBrief, Read("Contact: <sip:1001@192.0.2.1>;expires=30\r\n", out _));
        Assert.Equal(RegisterProblem.None, Read("Contact: <sip:1001@192.0.2.1>;expires=0\r\n", out var removal));
        Assert.Equal(TimeSpan.Zero, removal!.Contacts.Single().Expires);
    }

    [Theory]
    [InlineData("<tel:+15551234>")]
    [InlineData("<sip:example.net>")]
    [InlineData("<sips:example.net:5061;transport=tls>")]
    [InlineData("<urn:service:sos>")]
    [InlineData("<mailto:someone@example.net>")]
    [InlineData("\"Just a name\"")]
    public void An_address_of_record_naming_no_account_is_read_as_no_account_not_refused(string to)
    {
        // Answered like an unknown account (challenge or silence): a 400 would tell a prober which forms exist.
        Assert.Equal(RegisterProblem.None, Read("Contact: <sip:1001@192.0.2.1>\r\n", out var view, to));
        Assert.Equal(string.Empty, view!.User);
        Assert.Single(view.Contacts);
    }

    [Fact]
    public void An_address_of_record_naming_no_account_still_gets_the_contact_checks_any_account_gets() =>
        Assert.Equal(RegisterProblem.IntervalTooBrief, Read("Contact: <sip:1001@192.0.2.1>;expires=30\r\n", out _, "<tel:+15551234>"));

    [Fact]
    public void Too_many_contacts_is_refused()
    {
        var many = string.Concat(Enumerable.Range(1, 11).Select(i => $"Contact: <sip:1001@192.0.2.{i}>\r\n"));
        Assert.Equal(RegisterProblem.TooManyContacts, Read(many, out _));
    }
}
