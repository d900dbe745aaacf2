using Gravity.Core.Processes;
using Gravity.Manifest;

namespace Gravity.Preflight.Tests;

public sealed class StateSpaceCheckTests : PreflightTestBase
{
    [Fact]
    public async Task A_state_folder_on_a_small_file_system_fails_naming_the_folder_and_the_needed_and_free_bytes()
    {
        var state = Dir.Combine("state");
        Directory.CreateDirectory(state);
        await ProcessRunner.RunCheckedAsync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", state]);
        try
        {
            var need = new StateSpaceRequirement(64L << 20, "the image and the services");
            var result = await RunSingleAsync(new Requirements(), Options with { StateSpace = need });

            result.Name.Should().Be("state-space");
            result.Status.Should().Be(CheckStatus.Failed);
            result.Message.Should().Contain(state).And.Contain($"needs {64L << 20} bytes").And.Contain("the image and the services").And.MatchRegex(@"\d+ bytes free");

            var fits = await RunSingleAsync(new Requirements(), Options with { StateSpace = need with { Bytes = 1L << 20 } });
            fits.Status.Should().Be(CheckStatus.Passed, fits.Message);
        }
        finally
        {
            await ProcessRunner.RunAsync("umount", [state]);
        }
    }

    [Fact]
    public async Task Without_a_requirement_there_is_no_state_space_check()
        => (await PreflightRunner.RunAsync(Profile(new Requirements()), Options)).Results.Should().BeEmpty();
}
