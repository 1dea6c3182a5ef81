using System.Net;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cluster.Grains.Provisioning;

/// <summary>
/// Reads and validates a provisioning file (shape: config/demo.yaml). Every problem is a
/// <see cref="ProvisioningException"/> naming the key path and line; nothing half-valid gets through.
/// </summary>
public static class ProvisioningLoader
{
    public static ProvisioningDocument LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvisioningException(path, $"cannot read the file: {e.Message}", 0, e);
        }

        return Parse(text);
    }

    public static ProvisioningDocument Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ProvisioningException("(file)", $"not valid YAML: {e.Message}", (int)e.Start.Line, e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new ProvisioningException("(file)", "empty provisioning file", 0);
        }

        var root = YamlMap.From(stream.Documents[0].RootNode, string.Empty);
        root.Ignore("edge"); // the edge process's own limits
        var withAccounts = new ProvisioningDocument
        {
            System = ReadSystem(root.Map("system")),
            RateLimits = ReadRateLimits(root.Map("rate_limits")),
            Trusted = ReadTrusted(root),
            ScannerUserAgents = root.Get("scanner_user_agents") is null
                ? new ProvisioningDocument().ScannerUserAgents
                : root.StringList("scanner_user_agents"),
            Accounts = ReadAccounts(root),
            AccountRanges = ReadAccountRanges(root),
        };

        // Mapping gateways name accounts (auth registration), so the accounts come first.
        var doc = withAccounts with
        {
            MappingGateways = root.Sequence("mapping_gateways").Select(e => ReadMappingGateway(YamlMap.From(e.Node, e.Path), withAccounts)).ToList(),
            RoutingGateways = root.Sequence("routing_gateways").Select(e => ReadRoutingGateway(YamlMap.From(e.Node, e.Path))).ToList(),
        };
        root.RejectUnknownKeys();
        CheckUniqueGatewayNames(root, doc);
        CheckUniqueDigestUsers(root, doc);
        return doc;
    }

    private static SystemParameters ReadSystem(YamlMap? m)
    {
        var d = SystemParameters.Defaults;
        if (m is null)
        {
            return d;
        }

        var s = new SystemParameters
        {
            ReplyUnauthorized = m.Bool("reply_unauthorized", d.ReplyUnauthorized),
            AuthenticationMaxRetry = m.Int("authentication_max_retry", d.AuthenticationMaxRetry, 1, 100),
            AuthenticationFailedSuspend = m.Bool("authentication_failed_suspend", d.AuthenticationFailedSuspend),
            SipAuthenticationRetry = m.Int("sip_authentication_retry", d.SipAuthenticationRetry, 0, 10),
            SipAuthenticationTimeoutSeconds = m.Int("sip_authentication_timeout_s", d.SipAuthenticationTimeoutSeconds, 1, 300),
            EndpointRegisterRetry = m.Int("endpoint_register_retry", d.EndpointRegisterRetry, 1, 100),
            EndpointRegisterSuspend = m.Bool("endpoint_register_suspend", d.EndpointRegisterSuspend),
            EndpointRegisterSuspendTimeSeconds = m.Int("endpoint_register_suspend_time_s", d.EndpointRegisterSuspendTimeSeconds, 1, 86_400),
            EndpointRegisterReplace = m.Bool("endpoint_register_replace", d.EndpointRegisterReplace),
            EndpointMaxBindings = m.Int("endpoint_max_bindings", d.EndpointMaxBindings, 1, 100),
            EndpointTimeToLiveSeconds = m.Int("endpoint_time_to_live_s", d.EndpointTimeToLiveSeconds, 0, 86_400),
            TcpCloseReset = m.Bool("tcp_close_reset", d.TcpCloseReset),
        };
        m.RejectUnknownKeys();
        return s;
    }

    private static RateLimits ReadRateLimits(YamlMap? m)
    {
        var d = new RateLimits();
        if (m is null)
        {
            return d;
        }

        var pike = m.Map("pike");
        var r = new RateLimits
        {
            AllSip = ReadBucket(m.Map("all_sip"), d.AllSip),
            Register = ReadBucket(m.Map("register"), d.Register),
            Invite = ReadBucket(m.Map("invite"), d.Invite),
            BlockTimeSeconds = m.Int("block_time_s", d.BlockTimeSeconds, 1, 30 * 86_400),
            AuthFailureWindowSeconds = m.Int("auth_failure_window_s", d.AuthFailureWindowSeconds, 1, 86_400),
            IdleExpirySeconds = m.Int("idle_expiry_s", d.IdleExpirySeconds, 1, 86_400),
            PikeSamplingUnitSeconds = pike?.Int("sampling_unit_s", d.PikeSamplingUnitSeconds, 1, 3600) ?? d.PikeSamplingUnitSeconds,
            PikeDensity = pike?.Int("density", d.PikeDensity, 0, 1_000_000) ?? d.PikeDensity,
            PikeHotUnits = pike?.Int("hot_units", d.PikeHotUnits, 1, 1000) ?? d.PikeHotUnits,
        };
        pike?.RejectUnknownKeys();
        m.RejectUnknownKeys();
        return r;
    }

    private static TokenBucketSpec ReadBucket(YamlMap? m, TokenBucketSpec fallback)
    {
        if (m is null)
        {
            return fallback;
        }

        var spec = new TokenBucketSpec(m.Number("rate_per_s", fallback.RatePerSecond, 0, 1_000_000), m.Int("burst", fallback.Burst, 0, 1_000_000));
        m.RejectUnknownKeys();
        return spec;
    }

    private static IReadOnlyList<string> ReadTrusted(YamlMap root)
    {
        var list = new List<string>();
        foreach (var (node, path) in root.Sequence("trusted"))
        {
            var text = (node as YamlScalarNode)?.Value;
            if (text is null || !TrustedNetworks.TryParseEntry(text, out _))
            {
                throw YamlMap.Error(path, "expected an IP address or CIDR such as 10.0.0.0/8", node);
            }

            list.Add(text);
        }

        return list;
    }

    private static IReadOnlyList<Account> ReadAccounts(YamlMap root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<Account>();
        foreach (var (node, path) in root.Sequence("accounts"))
        {
            var m = YamlMap.From(node, path);
            var account = new Account(m.RequiredString("user"), m.RequiredString("password"));
            m.RejectUnknownKeys();
            if (!seen.Add(account.User))
            {
                throw YamlMap.Error(m.Child("user"), $"duplicate account '{account.User}'", m.NodeOf("user"));
            }

            list.Add(account);
        }

        return list;
    }

    private static IReadOnlyList<AccountRange> ReadAccountRanges(YamlMap root)
    {
        var list = new List<AccountRange>();
        foreach (var (node, path) in root.Sequence("account_ranges"))
        {
            var m = YamlMap.From(node, path);
            var from = m.Long("from", 1, 999_999_999_999_999_999);
            var to = m.Long("to", 1, 999_999_999_999_999_999);
            if (to < from)
            {
                throw YamlMap.Error(m.Child("to"), $"expected integer >= from ({from})", m.NodeOf("to"));
            }

            list.Add(new AccountRange(from, to, m.RequiredString("password")));
            m.RejectUnknownKeys();
        }

        return list;
    }

    private static MappingGateway ReadMappingGateway(YamlMap m, ProvisioningDocument accounts)
    {
        var authText = m.RequiredString("auth");
        var auth = authText switch
        {
            "ip" => GatewayAuthMode.Ip,
            "ip_port" => GatewayAuthMode.IpPort,
            "password" => GatewayAuthMode.Password,
            "registration" => GatewayAuthMode.Registration,
            _ => throw YamlMap.Error(m.Child("auth"), "expected ip, ip_port, password or registration", m.NodeOf("auth")),
        };
        var g = new MappingGateway
        {
            Name = GatewayName(m),
            Auth = auth,
            Ip = m.String("ip"),
            Port = m.Get("port") is null ? null : m.Int("port", 0, 1, 65535),
            User = m.String("user"),
            Password = m.String("password"),
            Account = m.String("account"),
            CpsLimit = m.Int("cps_limit", 0, 0, 100_000),
            LineLimit = m.Int("line_limit", 0, 0, 1_000_000),
            MaxCallDurationSeconds = m.Int("max_call_duration_s", 3600, 1, 7 * 86_400),
        };
        m.RejectUnknownKeys();

        if (auth is GatewayAuthMode.Ip or GatewayAuthMode.IpPort && (g.Ip is null || !IPAddress.TryParse(g.Ip, out _)))
        {
            throw YamlMap.Error(m.Child("ip"), $"auth {authText} needs an IP address", m.NodeOf("ip"));
        }

        if (auth == GatewayAuthMode.IpPort && g.Port is null)
        {
            throw YamlMap.Error(m.Child("port"), "auth ip_port needs a port 1-65535", m.NodeOf("port"));
        }

        if (auth == GatewayAuthMode.Password && (string.IsNullOrEmpty(g.User) || string.IsNullOrEmpty(g.Password)))
        {
            throw YamlMap.Error(m.Child(string.IsNullOrEmpty(g.User) ? "user" : "password"), "auth password needs user and password", m.NodeOf("auth"));
        }

        if (auth == GatewayAuthMode.Registration)
        {
            CheckRegistration(m, g, accounts);
        }
        else if (g.Account is not null)
        {
            throw YamlMap.Error(m.Child("account"), "only auth registration takes an account", m.NodeOf("account"));
        }

        return g;
    }

    // The account's registrations and its password are the gateway's credentials: anything else here
    // would be a second, unused set an operator might believe in.
    private static void CheckRegistration(YamlMap m, MappingGateway g, ProvisioningDocument accounts)
    {
        if (string.IsNullOrEmpty(g.Account))
        {
            throw YamlMap.Error(m.Child("account"), "auth registration needs an account from accounts or account_ranges", m.NodeOf("auth"));
        }

        if (!accounts.TryGetAccountPassword(g.Account, out _))
        {
            throw YamlMap.Error(m.Child("account"), $"no account '{g.Account}' in accounts or account_ranges", m.NodeOf("account"));
        }

        foreach (var unused in new[] { "ip", "port", "user", "password" })
        {
            if (m.Get(unused) is not null)
            {
                throw YamlMap.Error(m.Child(unused), "auth registration takes the address from the account's registration and the password from the account; remove it", m.NodeOf(unused));
            }
        }
    }

    private static RoutingGateway ReadRoutingGateway(YamlMap m)
    {
        var written = m.RequiredString("address");
        if (!VendorAddress.TryParse(written, out var address))
        {
            throw YamlMap.Error(m.Child("address"), "expected IP, IP:port, [IPv6]:port, host or host:port such as 192.0.2.10:5060 or sip.vendor.example", m.NodeOf("address"));
        }

        var transport = m.String("transport") switch
        {
            null or "udp" => VendorTransport.Udp,
            "tcp" => VendorTransport.Tcp,
            _ => throw YamlMap.Error(m.Child("transport"), "expected udp or tcp", m.NodeOf("transport")),
        };

        var prefixes = m.StringList("prefixes");
        for (var i = 0; i < prefixes.Count; i++)
        {
            if (prefixes[i].Length == 0 || !IsDialString(prefixes[i]))
            {
                throw YamlMap.Error($"{m.Child("prefixes")}[{i}]", "expected a dialled-number prefix (digits)", m.NodeOf("prefixes"));
            }
        }

        // Goes into the Request-URI user as is: anything but dial characters could break the URI.
        var addPrefix = m.String("add_prefix") ?? string.Empty;
        if (addPrefix.Length > 32 || !IsDialString(addPrefix))
        {
            throw YamlMap.Error(m.Child("add_prefix"), "expected up to 32 digits, '+', '*' or '#' such as \"00\"", m.NodeOf("add_prefix"));
        }

        var g = new RoutingGateway
        {
            Name = GatewayName(m),
            // IP literals with their port, so whoever parses an IP:port (probes, dialog checks) gets one.
            Address = address.ToString(),
            Transport = transport,
            Prefixes = prefixes,
            Priority = m.Int("priority", 0, 0, 100),
            LineLimit = m.Int("line_limit", 0, 0, 1_000_000),
            CpsLimit = m.Int("cps_limit", 0, 0, 100_000),
            MaxCallDurationSeconds = m.Int("max_call_duration_s", 7200, 1, 7 * 86_400),
            OptionsIntervalSeconds = m.Int("options_interval_s", 60, 0, 86_400),
            StripDigits = m.Int("strip_digits", 0, 0, 32),
            AddPrefix = addPrefix,
        };
        m.RejectUnknownKeys();
        return g;
    }

    private static bool IsDialString(string text) => text.All(c => char.IsAsciiDigit(c) || c is '+' or '*' or '#');

    // Names become Redis hash tags and URL segments: keep them to a safe alphabet.
    private static string GatewayName(YamlMap m)
    {
        var name = m.RequiredString("name");
        if (name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw YamlMap.Error(m.Child("name"), "expected 1-64 letters, digits, '-', '_' or '.'", m.NodeOf("name"));
        }

        return name;
    }

    // A digest user (password gateway's user, registration gateway's account) must name one gateway,
    // else the second could never be identified.
    private static void CheckUniqueDigestUsers(YamlMap root, ProvisioningDocument doc)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < doc.MappingGateways.Count; i++)
        {
            var g = doc.MappingGateways[i];
            var (user, key) = g.Auth switch
            {
                GatewayAuthMode.Password => (g.User, "user"),
                GatewayAuthMode.Registration => (g.Account, "account"),
                _ => (null, string.Empty),
            };
            if (user is null)
            {
                continue;
            }

            if (!seen.TryAdd(user, g.Name))
            {
                var entry = YamlMap.From(root.Sequence("mapping_gateways")[i].Node, $"mapping_gateways[{i}]");
                throw YamlMap.Error(entry.Child(key), $"'{user}' already authenticates mapping gateway '{seen[user]}'", entry.NodeOf(key));
            }
        }
    }

    private static void CheckUniqueGatewayNames(YamlMap root, ProvisioningDocument doc)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = doc.MappingGateways.Select((g, i) => (g.Name, Path: $"mapping_gateways[{i}].name"))
            .Concat(doc.RoutingGateways.Select((g, i) => (g.Name, Path: $"routing_gateways[{i}].name")));
        foreach (var (name, path) in all)
        {
            if (!seen.Add(name))
            {
                var section = path.StartsWith("mapping", StringComparison.Ordinal) ? "mapping_gateways" : "routing_gateways";
                var index = int.Parse(path[(path.IndexOf('[') + 1)..path.IndexOf(']')], System.Globalization.CultureInfo.InvariantCulture);
                throw YamlMap.Error(path, $"duplicate gateway name '{name}'", root.Sequence(section)[index].Node);
            }
        }
    }
}
