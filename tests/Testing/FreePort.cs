using System.Net;
using System.Net.Sockets;

namespace Gravity.Testing;

public static class FreePort
{
    // Below the kernel's ephemeral range (32768-60999 by default): a port handed out here is not taken in the meantime
    // by an outgoing connection of some other test, which is what happened to ports the kernel itself picked.
    private const int First = 20000;
    private const int Count = 12000;
    private static int _next = Random.Shared.Next(Count);

    /// <summary>A TCP and UDP port on 127.0.0.1 that was free a moment ago and that this process has not handed out before.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port)) return port;
        }
        throw new InvalidOperationException("no free port on 127.0.0.1");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var tcp = new TcpListener(IPAddress.Loopback, port);
            tcp.Start();
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
