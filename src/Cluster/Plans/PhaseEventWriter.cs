namespace Gravity.Cluster.Plans;

/// <summary>Prints phase progress as lines ("Executing /unpack: ...", "Completed /unpack") as it happens (not via a synchronization context).</summary>
public sealed class PhaseEventWriter(TextWriter output) : IProgress<PhaseEvent>
{
    private readonly Lock _gate = new();

    public void Report(PhaseEvent e)
    {
        var time = DateTimeOffset.UtcNow.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var line = e switch
        {
            { Message: { } m } => $"{time}  {e.Phase.Id}: {m}",
            { State: PhaseState.InProgress } => $"{time}  {e.Phase.Id}  {e.Phase.Description}...",
            { State: PhaseState.Failed } => $"{time}  {e.Phase.Id}  failed: {e.Error}",
            _ => $"{time}  {e.Phase.Id}  {e.State.Display().ToLowerInvariant()}",
        };
        lock (_gate) output.WriteLine(line);
    }
}
