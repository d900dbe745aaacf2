using System.Net;
using Gravity.Core.Processes;
using Gravity.Oci;
using Gravity.Oci.Content;
using Gravity.Registry;
using Gravity.Testing;
using static Gravity.Testing.RegistryHttp;

namespace Gravity.Registry.Tests;

/// <summary>The server process SIGKILLed during a push, then restarted on the same data folder.</summary>
public sealed class CrashRecoveryTests
{
    /// <summary>Sends part of a body, then stalls until the request is cancelled (the server dies meanwhile).</summary>
    private sealed class StallingContent(byte[] data, int offset, int sendBeforeStall, TaskCompletionSource sent) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
            => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken ct)
        {
            await stream.WriteAsync(data.AsMemory(offset, sendBeforeStall), ct);
            await stream.FlushAsync(ct);
            sent.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = data.Length - offset;
            return true;
        }
    }

    [Fact]
    public async Task Chunked_push_resumes_from_the_reported_offset_after_SIGKILL()
    {
        using var dir = new TempDir("crash");
        var data = new byte[8 * 1024 * 1024];
        new Random(42).NextBytes(data);
        var digest = Digest.Compute(data);
        string location;

        await using (var server = await RegistryChildProcess.StartAsync(dir.Path))
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
            using (var start = await http.PostAsync("/v2/crash/app/blobs/uploads/", null)) location = start.Headers.Location!.OriginalString;
            var first = new HttpRequestMessage(HttpMethod.Patch, location) { Content = Octets(data, 0, 3_000_000) };
            first.Content.Headers.TryAddWithoutValidation("Content-Range", "0-2999999");
            using (var r = await http.SendAsync(first)) r.StatusCode.Should().Be(HttpStatusCode.Accepted);

            var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var cancel = new CancellationTokenSource();
            var second = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new StallingContent(data, 3_000_000, 2_000_000, sent) };
            var inFlight = http.SendAsync(second, cancel.Token);
            await sent.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await server.KillAsync();
            cancel.Cancel();
            var failed = async () => await inFlight;
            await failed.Should().ThrowAsync<Exception>();
        }

        await using (var server = await RegistryChildProcess.StartAsync(dir.Path))
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
            using (var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/crash/app/blobs/{digest}")))
                head.StatusCode.Should().Be(HttpStatusCode.NotFound);
            long offset;
            using (var status = await http.GetAsync(location))
            {
                status.StatusCode.Should().Be(HttpStatusCode.NoContent);
                offset = long.Parse(status.Headers.GetValues("Range").Single().Split('-')[1]) + 1;
            }
            offset.Should().BeInRange(3_000_000, 5_000_000);
            var rest = new HttpRequestMessage(HttpMethod.Put, $"{location}?digest={digest}") { Content = Octets(data, (int)offset) };
            rest.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{data.Length - 1}");
            using (var done = await http.SendAsync(rest)) done.StatusCode.Should().Be(HttpStatusCode.Created, server.Log);
            (await http.GetByteArrayAsync($"/v2/crash/app/blobs/{digest}")).Should().Equal(data);
        }
    }

    [Fact]
    public async Task Skopeo_push_interrupted_by_SIGKILL_succeeds_on_retry_and_nothing_corrupt_is_served()
    {
        using var dir = new TempDir("crash");
        var store = new ContentStore(dir.Combine("store"));
        var image = await TestImages.CreateImageAsync(store, new TestImageSpec { Seed = 77, LayerSizes = [24_000_000, 12_000_000, 6_000_000] });
        await Gravity.Oci.Layout.OciLayout.WriteAsync(dir.Combine("layout"), store, [("image", image.Manifest)]);
        var dataDir = dir.Combine("registry");
        var uploads = Path.Combine(dataDir, "uploads");

        await using (var server = await RegistryChildProcess.StartAsync(dataDir))
        {
            var push = PushAsync(server.Port);
            // Kill as soon as the server has received upload bytes (or, on a very fast machine, whenever the push ends).
            for (var i = 0; i < 2000 && !push.IsCompleted && !HasUploadBytes(uploads); i++) await Task.Delay(5);
            await server.KillAsync();
            await push; // the outcome does not matter: the server died under it
        }

        await using (var server = await RegistryChildProcess.StartAsync(dataDir))
        {
            var retry = await PushAsync(server.Port);
            retry.Succeeded.Should().BeTrue(retry.Combined + server.Log);

            using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
            foreach (var blob in image.Blobs.Skip(1))
            {
                await using var s = await http.GetStreamAsync($"/v2/crash/skopeo/blobs/{blob.Digest}");
                (await Digest.ComputeAsync(s)).Should().Be(blob.Digest);
            }
            (await http.GetByteArrayAsync($"/v2/crash/skopeo/manifests/v1")).Should().Equal(await store.ReadAllBytesAsync(image.Manifest.Digest));
        }

        // Everything the registry holds is exactly what its name says.
        var served = new RegistryStorage(dataDir).Content;
        foreach (var d in served.List())
        {
            await using var s = served.OpenRead(d);
            (await Digest.ComputeAsync(s)).Should().Be(d);
        }
        return;

        Task<ProcessResult> PushAsync(int port) => ProcessRunner.RunAsync("skopeo", ["--insecure-policy", "copy", "--retry-times", "0",
            "--dest-tls-verify=false", $"oci:{dir.Combine("layout")}:image", $"docker://127.0.0.1:{port}/crash/skopeo:v1"], timeout: TimeSpan.FromMinutes(2));
    }

    private static bool HasUploadBytes(string uploads)
        => Directory.Exists(uploads) && Directory.EnumerateFiles(uploads, "data", SearchOption.AllDirectories).Any(f => new FileInfo(f).Length > 0);
}
