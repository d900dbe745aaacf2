using System.Net;

namespace Gravity.Registry.Server;

/// <summary>Parses "host:port" listen addresses: "127.0.0.1:5000", "[::1]:5000", "0.0.0.0:5000", ":5000" (all interfaces), "localhost:5000".</summary>
public static class ListenAddress
{
    public static IPEndPoint Parse(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value[(colon + 1)..], out var port) || port is < 0 or > 65535)
            throw new FormatException($"invalid listen address '{value}': expected host:port");
        var host = value[..colon].Trim('[', ']');
        var ip = host switch
        {
            "" or "*" => IPAddress.Any,
            "localhost" => IPAddress.Loopback,
            _ => IPAddress.TryParse(host, out var a) ? a : throw new FormatException($"invalid listen address '{value}': '{host}' is not an IP address"),
        };
        return new IPEndPoint(ip, port);
    }
}
