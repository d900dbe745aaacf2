using Gravity.Testing;

namespace Gravity.Cluster.Tests.Operations.Expand.Discovery;

/// <summary>`gravity autojoin CLUSTER` as a process: the SSM provider's answer handed to the join, the token never printed.</summary>
public sealed class AutojoinCommandTests : IDisposable
{
    private readonly SsmParameterStoreTestDouble _ssm = new();
    private readonly TempDir _dir = new("autojoin-cli");

    // Credentials for the SDK's chain through the environment; the instance metadata service is never asked.
    private static readonly Dictionary<string, string?> AwsEnvironment = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIDTEST", ["AWS_SECRET_ACCESS_KEY"] = "secret", ["AWS_REGION"] = "us-east-1", ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    private Task<Core.Processes.ProcessResult> AutojoinAsync(string cluster) => ProgramUnderTest.Gravity.RunAsync(
        ["autojoin", cluster, "--ssm-endpoint", _ssm.Endpoint.ToString(), "--state-dir", _dir.Combine("state")], environment: AwsEnvironment);

    [Fact]
    public async Task The_discovered_peer_is_the_one_the_join_asks_and_the_token_is_never_printed()
    {
        var port = FreePort.Next(); // nothing listens there: the join fails reaching it, naming it
        _ssm.Parameters["/telekube/c1/service"] = ("String", $"https://127.0.0.1:{port}");
        _ssm.Parameters["/telekube/c1/token"] = ("SecureString", "the-secret-token-value");

        var r = await AutojoinAsync("c1");

        r.ExitCode.Should().NotBe(0, r.Combined);
        r.Combined.Should().Contain($"discovered cluster c1, peer https://127.0.0.1:{port} through SSM Parameter Store").And.Contain($"127.0.0.1:{port}")
            .And.NotContain("the-secret-token-value");
        _ssm.Calls.Should().Contain("AmazonSSM.GetParameter");
        Directory.Exists(_dir.Combine("state")).Should().BeFalse("nothing is written on a failed join");
    }

    [Fact]
    public async Task A_cluster_without_a_published_token_fails_naming_the_parameter()
    {
        _ssm.Parameters["/telekube/c1/service"] = ("String", "https://127.0.0.1:7575");
        var r = await AutojoinAsync("c1");
        r.ExitCode.Should().NotBe(0);
        r.StdErr.Should().Contain("SSM Parameter Store").And.Contain("/telekube/c1/token").And.Contain("no such parameter");
    }

    public void Dispose()
    {
        _ssm.Dispose();
        _dir.Dispose();
    }
}
