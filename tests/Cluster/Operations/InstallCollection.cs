namespace Gravity.Cluster.Tests.Operations;

/// <summary>The tests that run `gravity` processes and whole runtimes run one at a time, to keep the machine's load (and other tests' timings) sane.</summary>
[CollectionDefinition(Name)]
public sealed class InstallCollection
{
    public const string Name = "gravity install processes";
}
