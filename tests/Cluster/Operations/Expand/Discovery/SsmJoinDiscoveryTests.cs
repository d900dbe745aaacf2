using Amazon.Runtime;
using Gravity.Cluster.Operations.Expand.Discovery;

namespace Gravity.Cluster.Tests.Operations.Expand.Discovery;

/// <summary>The Parameter Store provider through the real AWS SDK against <see cref="SsmParameterStoreTestDouble"/>.</summary>
public sealed class SsmJoinDiscoveryTests : IDisposable
{
    private readonly SsmParameterStoreTestDouble _ssm = new();

    private SsmJoinDiscovery Provider()
    {
        var options = new SsmDiscoveryOptions { Endpoint = _ssm.Endpoint, Region = "us-east-1", Credentials = new BasicAWSCredentials("AKIDTEST", "secret") };
        return new SsmJoinDiscovery(SsmClientFactory.Create(options), SsmClientFactory.Describe(options));
    }

    [Fact]
    public async Task Publish_then_discover_round_trips_under_gravitys_parameter_names_with_the_token_a_secure_string()
    {
        var written = await Provider().PublishAsync(new JoinDiscoveryRecord("prod-1", "https://10.0.0.5:7575", "tok123"));

        written.Should().Equal("/telekube/prod-1/service", "/telekube/prod-1/token");
        _ssm.Parameters["/telekube/prod-1/service"].Should().Be(("String", "https://10.0.0.5:7575"));
        _ssm.Parameters["/telekube/prod-1/token"].Should().Be(("SecureString", "tok123"));
        var found = await Provider().DiscoverAsync("prod-1");
        found.Should().Be(new JoinDiscoveryRecord("prod-1", "https://10.0.0.5:7575", "tok123"));
        _ssm.Calls.Should().Contain("AmazonSSM.GetParameter").And.Contain("AmazonSSM.PutParameter");
    }

    [Fact]
    public async Task Publishing_again_overwrites_the_previous_values()
    {
        await Provider().PublishAsync(new JoinDiscoveryRecord("c", "10.0.0.5", "old"));
        await Provider().PublishAsync(new JoinDiscoveryRecord("c", "10.0.0.6", "new"));
        (await Provider().DiscoverAsync("c")).Should().Be(new JoinDiscoveryRecord("c", "10.0.0.6", "new"));
    }

    [Fact]
    public async Task A_missing_token_parameter_is_an_error_naming_the_provider_and_the_parameter()
    {
        _ssm.Parameters["/telekube/c/service"] = ("String", "https://10.0.0.5:7575");
        var act = () => Provider().DiscoverAsync("c");
        var error = (await act.Should().ThrowAsync<JoinDiscoveryException>()).Which;
        error.Key.Should().Be("/telekube/c/token");
        error.Message.Should().Contain("SSM Parameter Store at " + _ssm.Endpoint).And.Contain("/telekube/c/token")
            .And.Contain("no such parameter").And.Contain("join token");
    }

    [Fact]
    public async Task A_cluster_never_published_names_its_service_parameter()
    {
        var act = () => Provider().DiscoverAsync("other");
        (await act.Should().ThrowAsync<JoinDiscoveryException>()).Which.Message.Should().Contain("/telekube/other/service").And.Contain("gravity discovery publish");
    }

    [Fact]
    public async Task A_service_value_that_is_no_peer_address_is_refused_naming_the_parameter()
    {
        _ssm.Parameters["/telekube/c/service"] = ("String", "http://10.0.0.5/some/path");
        _ssm.Parameters["/telekube/c/token"] = ("SecureString", "t");
        var act = () => Provider().DiscoverAsync("c");
        (await act.Should().ThrowAsync<JoinDiscoveryException>()).Which.Key.Should().Be("/telekube/c/service");
    }

    [Fact]
    public async Task A_cluster_name_that_would_escape_the_parameter_path_is_refused_before_any_request()
    {
        var act = () => Provider().DiscoverAsync("../x");
        await act.Should().ThrowAsync<Core.GravityException>().WithMessage("*cluster name*");
        _ssm.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unreachable_parameter_store_is_a_clear_error()
    {
        var options = new SsmDiscoveryOptions { Endpoint = new Uri($"http://127.0.0.1:{Testing.FreePort.Next()}/"), Region = "us-east-1", Credentials = new BasicAWSCredentials("a", "b") };
        var provider = new SsmJoinDiscovery(SsmClientFactory.Create(options), SsmClientFactory.Describe(options));
        var act = () => provider.DiscoverAsync("c");
        (await act.Should().ThrowAsync<JoinDiscoveryException>()).Which.Message.Should().Contain("/telekube/c/service");
    }

    public void Dispose() => _ssm.Dispose();
}
