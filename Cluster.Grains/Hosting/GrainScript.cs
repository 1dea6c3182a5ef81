using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Cluster.Grains.Hosting;

/// <summary>
/// One Lua turn body, embedded as <c>Lua/NAME.lua</c>. The SHA1 is computed locally, so
/// EVALSHA can be sent before SCRIPT LOAD has answered and Redis agrees on the digest.
/// </summary>
internal sealed class GrainScript
{
    private GrainScript(string name, string body)
    {
        Name = name;
        Body = body;
        Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(body));
    }

    public string Name { get; }

    public string Body { get; }

    /// <summary>Raw 20-byte digest, the form StackExchange.Redis sends as hex with EVALSHA.</summary>
    public byte[] Sha1 { get; }

    public string Sha1Hex => Convert.ToHexStringLower(Sha1);

    public static GrainScript Load(string name)
    {
        var assembly = typeof(GrainScript).Assembly;
        var resource = assembly.GetManifestResourceNames()
            .FirstOrDefault(n => n.EndsWith($".Lua.{name}.lua", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"embedded grain script Lua/{name}.lua is missing");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new GrainScript(name, reader.ReadToEnd());
    }
}
