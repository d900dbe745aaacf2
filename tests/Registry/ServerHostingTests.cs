using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gravity.Registry.Tests;

/// <summary>How the registry's web host is set up for throughput: Kestrel's memory blocks and no file watching.</summary>
public sealed class ServerHostingTests : RegistryServerTests
{
    [Fact]
    public void Kestrel_reads_sockets_into_64_KiB_blocks()
    {
        // Kestrel's own pool has 4 KiB blocks: a pushed layer then arrived in 4 KiB reads, each after a 1-byte peek.
        using var pool = Server.App.Services.GetRequiredService<IMemoryPoolFactory<byte>>().Create();
        using var block = pool.Rent(2048);
        Assert.True(block.Memory.Length >= 64 * 1024, $"block of {block.Memory.Length} bytes");
        Assert.Equal(block.Memory.Length, pool.MaxBufferSize);
    }

    [Fact]
    public void A_block_disposed_twice_goes_to_one_renter_only()
    {
        using var pool = Server.App.Services.GetRequiredService<IMemoryPoolFactory<byte>>().Create();
        var first = pool.Rent();
        var array = first.Memory;
        first.Dispose();
        first.Dispose();
        using var a = pool.Rent();
        using var b = pool.Rent();
        Assert.False(a.Memory.Span.Overlaps(b.Memory.Span));
        Assert.Throws<ObjectDisposedException>(() => first.Memory);
        Assert.True(a.Memory.Span.Overlaps(array.Span) || b.Memory.Span.Overlaps(array.Span), "a returned block is reused");
    }

    [Fact]
    public void Requests_larger_than_a_block_are_refused_by_the_pool()
    {
        // A pipe asks the array pool for those; a pool that silently returned less would corrupt its writes.
        using var pool = Server.App.Services.GetRequiredService<IMemoryPoolFactory<byte>>().Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(pool.MaxBufferSize + 1));
    }

    [Fact]
    public void No_configuration_file_is_read_from_the_folder_the_server_starts_in()
    {
        // The attack: root starts the registry (or the agent) in a folder another user can write; their
        // appsettings.json there would be configuration (a Kestrel endpoint without TLS, say). None is read at all,
        // so none is watched either.
        var sources = ((IConfigurationBuilder)Server.App.Configuration).Sources;
        Assert.Empty(sources.OfType<FileConfigurationSource>());
        Assert.Empty(((IConfigurationBuilder)Gravity.ServerHosting.ServerBuilderFactory.CreateSlim().Configuration).Sources.OfType<FileConfigurationSource>());
        Assert.Equal(Path.GetFullPath(AppContext.BaseDirectory), Path.GetFullPath(Server.App.Environment.ContentRootPath));
    }
}
