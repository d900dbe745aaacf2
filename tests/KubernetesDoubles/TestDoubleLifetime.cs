using System.Runtime.InteropServices;

namespace Gravity.KubernetesDoubles;

/// <summary>Until SIGTERM or SIGINT, as the supervisor stops a service.</summary>
public sealed class TestDoubleLifetime : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _int;

    public TestDoubleLifetime()
    {
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    }

    public CancellationToken Stopping => _stop.Token;

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Cancel();
    }

    public async Task WaitAsync()
    {
        try { await Task.Delay(Timeout.Infinite, Stopping); } catch (OperationCanceledException) { }
    }

    public void Dispose()
    {
        _term.Dispose();
        _int.Dispose();
        _stop.Dispose();
    }
}
