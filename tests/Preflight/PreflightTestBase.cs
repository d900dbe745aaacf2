using Gravity.Manifest;
using Gravity.Testing;

namespace Gravity.Preflight.Tests;

public abstract class PreflightTestBase : IDisposable
{
    protected readonly TempDir Dir = new("preflight");

    protected PreflightOptions Options => new()
    {
        StateDir = Dir.Combine("state"),
        ExtraPorts = [],
        TransferTestBytes = 4L << 20,
    };

    protected static NodeProfile Profile(Requirements requirements) => new() { Name = "db", Requirements = requirements };

    protected async Task<CheckResult> RunSingleAsync(Requirements requirements, PreflightOptions? options = null)
    {
        var report = await PreflightRunner.RunAsync(Profile(requirements), options ?? Options);
        return report.Results.Should().ContainSingle().Subject;
    }

    public void Dispose() => Dir.Dispose();
}
