namespace Cluster.Edge.Registrar;

/// <summary>Registration lifetimes the registrar grants (RFC 3261 §10.3 steps 7-8).</summary>
public sealed class RegistrationPolicy
{
    /// <summary>Shorter asked lifetimes (other than 0) get 423 Interval Too Brief with this Min-Expires. Default 60 s.</summary>
    public TimeSpan MinExpires { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longer asked lifetimes are cut to this. Default 3600 s.</summary>
    public TimeSpan MaxExpires { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>Granted when neither the Contact nor the request names a lifetime. Default 3600 s.</summary>
    public TimeSpan DefaultExpires { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>Contacts accepted in one REGISTER; more is an attack shape (huge Contact lists). Default 10.</summary>
    public int MaxContacts { get; init; } = 10;

    public static RegistrationPolicy Default { get; } = new();
}
