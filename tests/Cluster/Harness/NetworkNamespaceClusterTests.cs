using System.Diagnostics;
using Gravity.Testing;

namespace Gravity.Cluster.Tests.Harness;

public sealed class NetworkNamespaceClusterTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(20);

    [NetworkNamespaceFact]
    public async Task Nodes_reach_each_other_by_name_and_nothing_is_left_after_dispose()
    {
        var cluster = await NetworkNamespaceCluster.CreateAsync("node-a", "node-b");
        var namespaces = cluster.Nodes.Select(n => n.Namespace).Append($"gt{cluster.RunId}-br").ToList();
        Process? sleeper = null;
        try
        {
            var a = cluster["node-a"];
            var b = cluster["node-b"];
            (await NetworkNamespaceCluster.ListNamespacesAsync()).Should().Contain(namespaces);
            (await a.RunAsync("busybox", ["ping", "-c", "1", "-W", "5", "node-b"])).Succeeded.Should().BeTrue("node-a resolves node-b through its own /etc/hosts");
            (await b.RunAsync("busybox", ["ping", "-c", "1", "-W", "5", a.Address])).Succeeded.Should().BeTrue();
            (await a.RunAsync("cat", ["/etc/hosts"])).StdOut.Should().Contain($"{b.Address} node-b {b.HostName}");
            (await a.RunAsync("hostname", [])).StdOut.Trim().Should().Be(a.HostName, "each machine has a host name of its own");
            System.Net.Dns.GetHostName().Should().NotBe(a.HostName, "the host's name is left alone");

            // A listener that ended with nothing (under load the sender may connect while it is still starting) is started again.
            var delivered = "";
            for (var attempt = 0; attempt < 5 && !delivered.Contains("hello from a"); attempt++)
            {
                using var listener = Process.Start(b.StartInfo("busybox", "nc", "-l", "-p", "7100"))!;
                var received = listener.StandardOutput.ReadToEndAsync();
                await SendUntilDeliveredAsync(a, "node-b", "hello from a", received);
                delivered = await received.WaitAsync(Bounded);
            }
            delivered.Should().Contain("hello from a");

            await b.DisconnectAsync();
            (await a.RunAsync("busybox", ["ping", "-c", "1", "-W", "1", "node-b"])).Succeeded.Should().BeFalse("node-b is cut off");
            await b.ReconnectAsync();
            var back = DateTime.UtcNow + Bounded;
            while (!(await a.RunAsync("busybox", ["ping", "-c", "1", "-W", "1", "node-b"])).Succeeded)
                if (DateTime.UtcNow > back) throw new TimeoutException("node-b is not back on the network");

            sleeper = Process.Start(a.StartInfo("busybox", "sleep", "600"))!;
            // Inside once `ip netns exec` has entered the namespace: only then is it the namespace's to kill.
            var deadline = DateTime.UtcNow + Bounded;
            while (!(await Gravity.Core.Processes.ProcessRunner.RunAsync("ip", ["netns", "pids", a.Namespace])).StdOut.Contains(sleeper.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the sleeper never entered the namespace");
                await Task.Delay(50);
            }
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        sleeper!.WaitForExit(Bounded).Should().BeTrue("dispose kills what still runs in the namespaces");
        (await NetworkNamespaceCluster.ListNamespacesAsync()).Should().NotContain(namespaces);
        namespaces.Should().OnlyContain(ns => !Directory.Exists(Path.Combine("/etc/netns", ns)));
    }

    // The listener may not be bound yet when the first connection is tried: retry until it answers.
    private static async Task SendUntilDeliveredAsync(NetworkNamespaceNode from, string host, string text, Task<string> received)
    {
        var deadline = DateTime.UtcNow + Bounded;
        while (DateTime.UtcNow < deadline && !received.IsCompleted)
        {
            var sent = await from.RunAsync("/bin/sh", ["-c", $"echo '{text}' | busybox nc -w 2 {host} 7100"]);
            if (sent.Succeeded) return;
            await Task.Delay(100);
        }
    }
}
