using Gravity.Core;
using Gravity.Core.Processes;

namespace Gravity.Core.Tests;

public class ProcessRunnerTests
{
    [Fact]
    public async Task Passes_arguments_without_a_shell()
    {
        var r = await ProcessRunner.RunAsync("/bin/echo", ["a b", "$HOME", "c;d"]);
        r.Succeeded.Should().BeTrue();
        r.StdOut.Should().Be("a b $HOME c;d");
    }

    [Fact]
    public async Task Checked_run_reports_the_exit_code_and_output()
    {
        var act = () => ProcessRunner.RunCheckedAsync("/bin/sh", ["-c", "echo boom >&2; exit 3"]);
        (await act.Should().ThrowAsync<GravityException>()).Which.Message.Should().Contain("exited with 3").And.Contain("boom");
    }

    [Fact]
    public async Task A_process_past_its_timeout_is_killed()
    {
        var act = () => ProcessRunner.RunAsync("/bin/sleep", ["30"], timeout: TimeSpan.FromMilliseconds(200));
        await act.Should().ThrowAsync<TimeoutException>();
    }
}
