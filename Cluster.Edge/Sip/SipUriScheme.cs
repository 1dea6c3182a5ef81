namespace Cluster.Edge.Sip;

/// <summary>URI schemes the edge routes; any other syntactically valid absolute URI is <see cref="Other"/>.</summary>
public enum SipUriScheme
{
    Sip,
    Sips,
    Tel,
    Other,
}
