using System.Net;

namespace Cluster.Silo;

/// <summary>Parses the command line; a pure function so it is tested without starting anything.</summary>
internal static class SiloCommandLine
{
    /// <summary>
    /// Returns the options, or null with <paramref name="error"/> set (null error and null options = --help).
    /// <paramref name="environmentToken"/> is CLUSTER_ADMIN_TOKEN; <c>--admin-token</c> wins over it.
    /// </summary>
    public static SiloOptions? Parse(IReadOnlyList<string> args, out string? error, string? environmentToken = null)
    {
        error = null;
        string? config = null;
        var redis = "127.0.0.1:6379";
        var admin = new Uri("http://127.0.0.1:8080");
        var sweep = TimeSpan.FromSeconds(5);
        var siloPort = 11111;
        var gatewayPort = 30000;
        var advertise = IPAddress.Loopback;
        var token = string.IsNullOrWhiteSpace(environmentToken) ? null : environmentToken.Trim();
        var allow = new List<IPNetwork>();
        var cdrDirectory = "cdr";
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            if (flag is "-h" or "--help")
            {
                return null;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = flag.StartsWith("--", StringComparison.Ordinal) ? $"{flag} needs a value" : $"unexpected argument '{flag}'";
                return null;
            }

            var value = args[++i];
            switch (flag)
            {
                case "--config":
                    config = value;
                    break;
                case "--redis":
                    redis = value;
                    break;
                case "--admin":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    {
                        error = $"--admin: expected a URL such as http://127.0.0.1:8080, got '{value}'";
                        return null;
                    }

                    admin = uri;
                    break;
                case "--sweep-interval-s":
                    if (!int.TryParse(value, out var s) || s < 1)
                    {
                        error = $"--sweep-interval-s: expected a whole number of seconds >= 1, got '{value}'";
                        return null;
                    }

                    sweep = TimeSpan.FromSeconds(s);
                    break;
                case "--silo-port":
                case "--gateway-port":
                    if (!int.TryParse(value, out var port) || port is < 1 or > 65535)
                    {
                        error = $"{flag}: expected a port number 1-65535, got '{value}'";
                        return null;
                    }

                    if (flag == "--silo-port")
                    {
                        siloPort = port;
                    }
                    else
                    {
                        gatewayPort = port;
                    }

                    break;
                case "--advertise":
                    if (!IPAddress.TryParse(value, out var ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
                    {
                        error = $"--advertise: expected the IP address other silos reach this one on, such as 10.1.2.3, got '{value}'";
                        return null;
                    }

                    advertise = ip;
                    break;
                case "--admin-token":
                    token = value.Trim();
                    break;
                case "--admin-allow":
                    if (!TryParseNetwork(value, out var network))
                    {
                        error = $"--admin-allow: expected a CIDR such as 10.0.0.0/8 or an address, got '{value}'";
                        return null;
                    }

                    allow.Add(network);
                    break;
                case "--cdr-dir":
                    if (string.IsNullOrWhiteSpace(value) || value.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
                    {
                        error = $"--cdr-dir: expected a directory path, got '{value}'";
                        return null;
                    }

                    cdrDirectory = value;
                    break;
                default:
                    error = $"unknown flag '{flag}'";
                    return null;
            }
        }

        if (config is null)
        {
            error = "--config is required";
            return null;
        }

        if (siloPort == gatewayPort)
        {
            error = $"--silo-port and --gateway-port must differ (both {siloPort})";
            return null;
        }

        if (token is { Length: < 12 })
        {
            error = $"admin token ({SiloOptions.TokenVariable} or --admin-token): expected at least 12 characters";
            return null;
        }

        if (token is null && !IsLoopback(admin))
        {
            error = $"--admin {admin.GetLeftPart(UriPartial.Authority)} is not a loopback address and no admin token is configured: " +
                    $"set --admin-token or env {SiloOptions.TokenVariable}, or listen on 127.0.0.1";
            return null;
        }

        return new SiloOptions
        {
            ConfigPath = config,
            Redis = redis,
            Admin = admin,
            SweepInterval = sweep,
            SiloPort = siloPort,
            GatewayPort = gatewayPort,
            Advertise = advertise,
            AdminToken = token,
            AdminAllow = allow,
            CdrDirectory = cdrDirectory,
        };
    }

    /// <summary>True when <paramref name="admin"/> can only be reached from this host.</summary>
    public static bool IsLoopback(Uri admin) =>
        admin.IsLoopback || (IPAddress.TryParse(admin.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static bool TryParseNetwork(string value, out IPNetwork network)
    {
        if (IPNetwork.TryParse(value, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(value, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }
}
