namespace Cluster.Grains.Provisioning;

/// <summary>accounts[]: one SIP account (endpoint) with its digest password.</summary>
public sealed record Account(string User, string Password);
