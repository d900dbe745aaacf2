using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Gravity.Registry.Server;

/// <summary>Gives Kestrel (its socket transport and its connections) <see cref="LargeBlockMemoryPool"/>s.</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
