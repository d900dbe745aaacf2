using System.Diagnostics;
using System.Text.Json;
using Gravity.Hub.Tests.Catalog;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Tele;

/// <summary>
/// `gravity hub serve` as the program users run (the published, trimmed binary under scripts/test.sh), with tele
/// against it: users added by `gravity hub users`, a push cut by SIGKILL of the Hub and finished after a restart, and
/// a pull that gives back the same bytes.
/// </summary>
public sealed class GravityHubServeTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Tele_push_survives_SIGKILL_of_gravity_hub_serve_and_pulls_back_identical_bytes()
    {
        using var dir = new TempDir("hub-serve");
        var dataDir = dir.Combine("hub");
        var added = await ProgramUnderTest.Gravity.RunAsync(["hub", "users", "add", "alice", "--roles", "publisher", "--password-stdin", "--data-dir", dataDir], stdin: Password + "\n");
        added.ExitCode.Should().Be(0, added.Combined);
        var users = await ProgramUnderTest.Gravity.RunAsync(["hub", "users", "ls", "--format", "json", "--data-dir", dataDir]);
        users.ExitCode.Should().Be(0, users.Combined);
        JsonDocument.Parse(users.StdOut).RootElement[0].GetProperty("name").GetString().Should().Be("alice");

        var files = new Dictionary<string, byte[]>
        {
            ["app.yaml"] = "apiVersion: bundle.gravitational.io/v2\nkind: Bundle\nmetadata:\n  name: big\n  resourceVersion: 2.0.0\n"u8.ToArray(),
            ["packages/blobs/sha256/a"] = TestClusterImage.Bytes(1, 48_000_000),
            ["packages/blobs/sha256/b"] = TestClusterImage.Bytes(2, 48_000_000),
        };
        var image = await TestClusterImage.WriteAsync(dir.Path, "big", "2.0.0", files);
        var tele = new TeleProcess(dir.Combine("home"), dir.Path);
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";

        using (var hub = await StartHubAsync(port, dataDir))
        {
            (await tele.RunWithInputAsync($"alice\n{Password}\n", "login", "--insecure", "-o", url)).ExitCode.Should().Be(0);
            var push = tele.RunAsync("push", "-q", image);
            var uploads = Path.Combine(dataDir, "uploads");
            for (var i = 0; i < 6000 && !push.IsCompleted && !HasUploadBytes(uploads); i++) await Task.Delay(5);
            await hub.KillAsync();
            var cut = await push;
            cut.ExitCode.Should().NotBe(0, "the Hub died under the push");
        }

        using (var hub = await StartHubAsync(port, dataDir))
        {
            var push = await tele.RunAsync("push", image);
            push.ExitCode.Should().Be(0, push.Combined);
            var ls = await tele.RunAsync("ls", "--format", "json");
            ls.ExitCode.Should().Be(0, ls.Combined);
            JsonDocument.Parse(ls.StdOut).RootElement[0].GetProperty("size").GetInt64().Should().Be(new FileInfo(image).Length);
            var pull = await tele.RunAsync("pull", "big:2.0.0", "-o", "copy.tar");
            pull.ExitCode.Should().Be(0, pull.Combined);
            (await Digest(dir.Combine("copy.tar"))).Should().Be(await Digest(image));
        }
    }

    /// <summary>A running `gravity hub serve`, SIGKILLed when disposed if still alive.</summary>
    private sealed class HubProcess(Process process) : IDisposable
    {
        public async Task KillAsync()
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        public void Dispose()
        {
            if (!process.HasExited) process.Kill();
            process.WaitForExit(10_000);
            process.Dispose();
        }
    }

    private static async Task<HubProcess> StartHubAsync(int port, string dataDir)
    {
        var process = ProgramUnderTest.Gravity.Start(["hub", "serve", "--listen", $"127.0.0.1:{port}", "--data-dir", dataDir]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"gravity hub serve exited with {process.ExitCode}");
            // Any HTTP answer (401 without credentials) means it is serving.
            try
            {
                using var r = await http.GetAsync($"http://127.0.0.1:{port}/v2/");
                return new HubProcess(process);
            }
            // Not listening yet, or listening but still starting (slow on a loaded machine): ask again.
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { await Task.Delay(100); }
        }
        process.Kill();
        process.Dispose();
        throw new TimeoutException("gravity hub serve did not answer within 30 s");
    }

    private static bool HasUploadBytes(string uploads)
        => Directory.Exists(uploads) && Directory.EnumerateFiles(uploads, "data", SearchOption.AllDirectories).Any(f => new FileInfo(f).Length > 1_000_000);

    private static async Task<string> Digest(string path)
    {
        await using var s = File.OpenRead(path);
        return (await Gravity.Oci.Digest.ComputeAsync(s)).ToString();
    }
}
