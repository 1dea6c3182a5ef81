using System.Buffers.Binary;
using System.Net;

namespace Cluster.Grains;

/// <summary>
/// A source address as a 16-byte key: IPv6 as it is, IPv4 in its IPv4-mapped form (<c>::ffff:a.b.c.d</c>), so one
/// address has one key whichever socket family it arrived on. Big-endian, so keys sort as addresses do.
/// </summary>
public static class SourceAddress
{
    public static UInt128 KeyOf(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        var v6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? address.MapToIPv6() : address;
        if (!v6.TryWriteBytes(bytes, out var written) || written != 16)
        {
            throw new ArgumentException($"'{address}' is not an IP address", nameof(address));
        }

        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>The address a key stands for; IPv4-mapped keys give the plain IPv4 address.</summary>
    public static IPAddress AddressOf(UInt128 key)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, key);
        var address = new IPAddress(bytes);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    /// <summary>How ops and the change messages name the address (<c>198.51.100.7</c>, <c>2001:db8::1</c>).</summary>
    public static string TextOf(UInt128 key) => AddressOf(key).ToString();

    public static void Write(UInt128 key, Span<byte> destination) => BinaryPrimitives.WriteUInt128BigEndian(destination, key);

    public static UInt128 Read(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadUInt128BigEndian(source);
}
