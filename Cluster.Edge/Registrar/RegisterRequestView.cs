using System.Buffers.Text;
using System.Text;
using Cluster.Edge.Sip;

namespace Cluster.Edge.Registrar;

/// <summary>
/// What a REGISTER asks for, read from a parsed request (RFC 3261 §10.2-10.3): whose bindings
/// (the To user), and which contacts with which lifetimes, or a query, or remove-all. Pure.
/// </summary>
public sealed class RegisterRequestView
{
    private RegisterRequestView(string user, bool isWildcard, IReadOnlyList<ContactChange> contacts)
    {
        User = user;
        IsWildcard = isWildcard;
        Contacts = contacts;
    }

    /// <summary>The user part of the To URI: the account whose bindings change.</summary>
    public string User { get; }

    /// <summary><c>Contact: *</c> with Expires 0: remove every binding.</summary>
    public bool IsWildcard { get; }

    /// <summary>No Contact at all: a query for the current bindings.</summary>
    public bool IsQuery => !IsWildcard && Contacts.Count == 0;

    public IReadOnlyList<ContactChange> Contacts { get; }

    public static RegisterProblem TryRead(SipMessage request, RegistrationPolicy policy, out RegisterRequestView? view)
    {
        view = null;
        if (!NameAddr.TryParse(request.FirstValue(SipHeaderName.To), out var to)
            || !SipUri.TryParse(to.Uri, out var aor)
            || aor.Scheme is not (SipUriScheme.Sip or SipUriScheme.Sips)
            || aor.User.IsEmpty)
        {
            return RegisterProblem.BadAddressOfRecord;
        }

        var user = Encoding.UTF8.GetString(aor.User);
        var headerExpires = ReadExpiresHeader(request);
        var contacts = new List<ContactChange>();
        var wildcard = false;
        foreach (var value in request.Values(SipHeaderName.Contact))
        {
            if (value.Trim((byte)' ').SequenceEqual("*"u8))
            {
                wildcard = true;
                continue;
            }

            if (contacts.Count == policy.MaxContacts)
            {
                return RegisterProblem.TooManyContacts;
            }

            if (!NameAddr.TryParse(value, out var contact) || !SipUri.TryParse(contact.Uri, out _))
            {
                return RegisterProblem.BadContact;
            }

            var asked = contact.TryGetParameter("expires"u8, out var param) && Utf8Parser.TryParse(param, out uint seconds, out var used) && used == param.Length
                ? TimeSpan.FromSeconds(seconds)
                : headerExpires ?? policy.DefaultExpires;
            if (asked > TimeSpan.Zero && asked < policy.MinExpires)
            {
                return RegisterProblem.IntervalTooBrief;
            }

            contacts.Add(new ContactChange(Encoding.UTF8.GetString(contact.Uri), asked > policy.MaxExpires ? policy.MaxExpires : asked));
        }

        if (wildcard && (contacts.Count > 0 || headerExpires != TimeSpan.Zero))
        {
            return RegisterProblem.WildcardMisuse;
        }

        view = new RegisterRequestView(user, wildcard, contacts);
        return RegisterProblem.None;
    }

    private static TimeSpan? ReadExpiresHeader(SipMessage request)
    {
        var value = request.FirstValue(SipHeaderName.Expires).Trim((byte)' ');
        return Utf8Parser.TryParse(value, out uint seconds, out var used) && used == value.Length && used > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
