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

    /// <summary>
    /// The user part of the To URI: the account whose bindings change. Empty when To names no user of a sip/sips
    /// URI; no account has that name, so the request is treated as one for an unknown account.
    /// </summary>
    public string User { get; }

    /// <summary><c>Contact: *</c> with Expires 0: remove every binding.</summary>
    public bool IsWildcard { get; }

    /// <summary>No Contact at all: a query for the current bindings.</summary>
    public bool IsQuery => !IsWildcard && Contacts.Count == 0;

    public IReadOnlyList<ContactChange> Contacts { get; }

    public static RegisterProblem TryRead(SipMessage request, RegistrationPolicy policy, out RegisterRequestView? view)
    {
        view = null;
        var user = AccountOf(request.FirstValue(SipHeaderName.To));
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

    /// <summary>
    /// The To URI's user part when To is a sip/sips URI with one; empty for every other form (tel:, no user, not
    /// parsable). An empty user is no account, so such a REGISTER is answered exactly like one naming an unknown
    /// account: a 400 here would tell a prober which forms of address of record exist.
    /// </summary>
    private static string AccountOf(ReadOnlySpan<byte> to) =>
        NameAddr.TryParse(to, out var nameAddr) && SipUri.TryParse(nameAddr.Uri, out var aor) && aor.Scheme is SipUriScheme.Sip or SipUriScheme.Sips
            ? Encoding.UTF8.GetString(aor.User)
            : string.Empty;

    private static TimeSpan? ReadExpiresHeader(SipMessage request)
    {
        var value = request.FirstValue(SipHeaderName.Expires).Trim((byte)' ');
        return Utf8Parser.TryParse(value, out uint seconds, out var used) && used == value.Length && used > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
