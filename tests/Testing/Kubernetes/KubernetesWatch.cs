using System.Threading.Channels;

namespace Gravity.Testing.Kubernetes;

/// <summary>
/// A running watch of the store: read its events; dispose it to stop. The first <see cref="InitialEvents"/> events are
/// the objects that were there when it started (at <see cref="StartResourceVersion"/>), when it started from none.
/// </summary>
public sealed class KubernetesWatch(ChannelReader<KubernetesWatchEvent> events, int initialEvents, string startResourceVersion, Action stop) : IDisposable
{
    public ChannelReader<KubernetesWatchEvent> Events { get; } = events;
    public int InitialEvents { get; } = initialEvents;
    public string StartResourceVersion { get; } = startResourceVersion;

    public void Dispose() => stop();
}
