using System.Net;

namespace SocialFlow.ApiHost.Analytics;

/// <summary>The network of an address, never the address: IPv4 /24, IPv6 /48.</summary>
public static class NetworkPrefix
{
    public static string? Of(IPAddress? address)
    {
        if (address is null) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        var (keep, bits) = bytes.Length == 4 ? (3, 24) : (6, 48);
        for (var i = keep; i < bytes.Length; i++) bytes[i] = 0;
        return $"{new IPAddress(bytes)}/{bits}";
    }
}
