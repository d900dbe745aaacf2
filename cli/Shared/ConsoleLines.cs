namespace Gravity.Cli;

/// <summary>Progress messages printed as they come, one line each, in order (Progress&lt;T&gt; would post them to the thread pool).</summary>
public sealed class ConsoleLines : IProgress<string>
{
    public void Report(string value) => Console.WriteLine(value);
}
