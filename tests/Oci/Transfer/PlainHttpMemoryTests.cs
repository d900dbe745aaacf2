using Gravity.Oci.Content;
using Gravity.Oci.Registry;
using Gravity.Oci.Transfer;
using Gravity.Testing;

namespace Gravity.Oci.Tests.Transfer;

/// <summary>Insecure registries remembered to speak plain HTTP (tele build keeps the list in its state directory).</summary>
public sealed class PlainHttpMemoryTests : IDisposable
{
    private readonly TempDir _dir = new();

    private async Task<TestImage> PushTestImageAsync(RegistryProcess registry, int seed)
    {
        var source = new ContentStore(_dir.Combine("source"));
        var image = await TestImages.CreateImageAsync(source, new TestImageSpec { Seed = seed });
        await TestImageExport.PushWithSkopeoAsync(source, image.Manifest, registry, "memory/app:1");
        return image;
    }

    private async Task<PulledImage> PullAsync(RegistryProcess registry, PlainHttpRegistries memory)
    {
        using var client = new RegistryClient(new RegistryClientOptions { Insecure = true, PlainHttpMemory = memory });
        return await new ImagePuller(client, new ContentStore(_dir.Combine("pulled-" + Guid.NewGuid().ToString("N")))).PullAsync(registry.Reference("memory/app:1"));
    }

    [Fact]
    public async Task A_registry_found_to_speak_plain_HTTP_is_remembered_and_used_directly_next_time()
    {
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions());
        var image = await PushTestImageAsync(registry, 31);
        var memory = new PlainHttpRegistries(_dir.Combine("memory"));
        memory.Contains(registry.HostPort).Should().BeFalse();

        (await PullAsync(registry, memory)).Root.Digest.Should().Be(image.Manifest.Digest);
        memory.Contains(registry.HostPort).Should().BeTrue();
        (await PullAsync(registry, new PlainHttpRegistries(_dir.Combine("memory")))).Root.Digest.Should().Be(image.Manifest.Digest);
    }

    [Fact]
    public async Task A_remembered_registry_that_moved_to_TLS_is_probed_again_and_forgotten()
    {
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { Tls = true });
        var image = await PushTestImageAsync(registry, 32);
        var memory = new PlainHttpRegistries(_dir.Combine("memory"));
        memory.Remember(registry.HostPort);

        (await PullAsync(registry, memory)).Root.Digest.Should().Be(image.Manifest.Digest);
        memory.Contains(registry.HostPort).Should().BeFalse();
    }

    [Fact]
    public void Registry_names_with_ports_and_IPv6_brackets_stay_inside_the_folder()
    {
        var memory = new PlainHttpRegistries(_dir.Combine("memory"));
        foreach (var name in new[] { "127.0.0.1:5000", "[::1]:5000", "Registry.Example:443", "../escape" })
        {
            memory.Remember(name);
            memory.Contains(name).Should().BeTrue(name);
        }
        Directory.GetFiles(_dir.Combine("memory")).Should().HaveCount(4).And.OnlyContain(f => Path.GetDirectoryName(f) == _dir.Combine("memory"));
        memory.Forget("[::1]:5000");
        memory.Contains("[::1]:5000").Should().BeFalse();
    }

    public void Dispose() => _dir.Dispose();
}
