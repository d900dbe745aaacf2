using System.Net;
using System.Net.Sockets;
using Gravity.Manifest;

namespace Gravity.Preflight.Checks;

/// <summary>Every required TCP/UDP port (the profile's ranges and the cluster's own services) can be bound on all addresses.</summary>
internal static class PortCheck
{
    public static CheckResult Run(string profile, IReadOnlyList<PortRequirement> required, IReadOnlyList<(string Protocol, int Port)> servicePorts)
    {
        var wanted = required.SelectMany(r => r.Ranges.SelectMany(range => range.Ports()).Select(p => (Protocol: r.Protocol.ToLowerInvariant(), Port: p, Owner: $"profile {profile}")))
            .Concat(servicePorts.Select(s => (Protocol: s.Protocol.ToLowerInvariant(), s.Port, Owner: "the cluster's services")))
            .DistinctBy(p => (p.Protocol, p.Port))
            .ToList();
        var busy = wanted.Where(p => !IsFree(p.Protocol, p.Port)).ToList();
        if (busy.Count == 0)
            return CheckResult.Pass("ports", $"{wanted.Count} ports free");
        var details = string.Join(", ", busy.Take(20).Select(b => $"{b.Port}/{b.Protocol} (needed by {b.Owner})"));
        return CheckResult.Fail("ports", $"in use by another program: {details}{(busy.Count > 20 ? $" and {busy.Count - 20} more" : "")}; stop the programs holding them (ss -lntup shows which)");
    }

    public static bool IsFree(string protocol, int port)
    {
        try
        {
            if (protocol == "udp")
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Any, port));
            }
            else
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(IPAddress.Any, port));
                tcp.Listen(1);
            }
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
