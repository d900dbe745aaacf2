using System.Net;
using System.Net.Sockets;
using Gravity.Manifest;
using Gravity.Testing;

namespace Gravity.Preflight.Tests;

public class DevicePortCustomCheckTests : PreflightTestBase
{
    [Fact]
    public async Task A_device_glob_that_matches_passes()
    {
        var r = await RunSingleAsync(new Requirements { Devices = [new Device { Path = "/dev/nul?" }] });
        r.Status.Should().Be(CheckStatus.Passed);
        r.Message.Should().Contain("/dev/null");
    }

    [Fact]
    public async Task A_device_glob_without_match_fails()
    {
        var r = await RunSingleAsync(new Requirements { Devices = [new Device { Path = "/dev/gravity-nonexistent*" }] });
        r.Status.Should().Be(CheckStatus.Failed);
        r.Message.Should().StartWith("no device matches /dev/gravity-nonexistent* on this node; profile db needs it");
    }

    [Fact]
    public async Task A_busy_tcp_port_fails_and_names_the_port()
    {
        var busyPort = FreePort.Next();
        using var holder = new TcpListener(IPAddress.Loopback, busyPort);
        holder.Start();
        var freePort = FreePort.Next();
        var r = await RunSingleAsync(new Requirements
        {
            Network = new NetworkRequirements { Ports = [new PortRequirement { Protocol = "tcp", Ranges = [new PortRange(busyPort, busyPort), new PortRange(freePort, freePort)] }] },
        });
        r.Status.Should().Be(CheckStatus.Failed);
        r.Message.Should().Be($"in use by another program: {busyPort}/tcp (needed by profile db); stop the programs holding them (ss -lntup shows which)");
    }

    [Fact]
    public async Task A_busy_udp_port_of_the_cluster_services_fails()
    {
        using var holder = new UdpClient(new IPEndPoint(IPAddress.Any, 0));
        var port = ((IPEndPoint)holder.Client.LocalEndPoint!).Port;
        var report = await PreflightRunner.RunAsync(Profile(new Requirements()), Options with { ExtraPorts = [("udp", port)] });
        report.Results.Should().ContainSingle(r => r.Name == "ports").Which.Message.Should().Contain($"{port}/udp (needed by the cluster's services)");
        report.Succeeded.Should().BeFalse();
    }

    [Fact]
    public async Task Free_ports_pass()
    {
        var port = FreePort.Next();
        var r = await RunSingleAsync(new Requirements
        {
            Network = new NetworkRequirements { Ports = [new PortRequirement { Protocol = "udp", Ranges = [new PortRange(port, port)] }] },
        });
        r.Status.Should().Be(CheckStatus.Passed);
    }

    [Fact]
    public async Task A_failing_custom_script_shows_its_output()
    {
        var r = await RunSingleAsync(new Requirements
        {
            CustomChecks = [new CustomCheck { Description = "needs /opt/vendor", Script = "#!/bin/bash\necho 'vendor folder missing' >&2\nexit 3\n" }],
        });
        r.Status.Should().Be(CheckStatus.Failed);
        r.Name.Should().Be("custom:1");
        r.Message.Should().Be("needs /opt/vendor: the script exited with 3: vendor folder missing");
    }

    [Fact]
    public async Task A_succeeding_custom_script_passes()
    {
        var r = await RunSingleAsync(new Requirements { CustomChecks = [new CustomCheck { Script = "test -d /tmp" }] });
        r.Status.Should().Be(CheckStatus.Passed);
    }

    [Fact]
    public async Task A_custom_script_that_hangs_is_stopped_by_the_timeout()
    {
        var r = await RunSingleAsync(new Requirements { CustomChecks = [new CustomCheck { Script = "sleep 30" }] },
            Options with { CustomCheckTimeout = TimeSpan.FromSeconds(1) });
        r.Status.Should().Be(CheckStatus.Failed);
        r.Message.Should().Contain("did not finish within 1 s");
    }
}
