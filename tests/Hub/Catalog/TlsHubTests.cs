using Gravity.Hub.Accounts;
using Gravity.Hub.Client;
using Gravity.Hub.Tests.Accounts;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Catalog;

/// <summary>A Hub serving TLS with a self-signed certificate: trusted through --ca-cert or --insecure, refused otherwise.</summary>
public class TlsHubTests
{
    [Fact]
    public async Task Client_trusts_the_hub_through_its_ca_certificate_or_insecure_only()
    {
        await using var hub = await HubServer.StartAsync(tls: true);
        await hub.AddUserAsync("pub", Roles.Publisher);
        var uri = new Uri(hub.Url + "/");

        using (var untrusted = new HubClient(new HubConnection(uri)))
        {
            var act = () => untrusted.LoginAsync("pub", HubServer.Password);
            (await act.Should().ThrowAsync<Gravity.Core.GravityException>()).Which.Message.Should().Contain("cannot reach the Hub");
        }

        using var dir = new TempDir();
        using var anonymous = new HubClient(new HubConnection(uri, CaCertificatePath: hub.CaCertificatePath));
        var login = await anonymous.LoginAsync("pub", HubServer.Password);
        using var client = new HubClient(new HubConnection(uri, CaCertificatePath: hub.CaCertificatePath), login.Token);
        var image = await TestClusterImage.WriteAsync(dir.Path, "shop", "1.0.0", TestClusterImage.SampleFiles(1, 5000));
        await new ClusterImagePusher(client, new UploadStateStore(dir.Combine("u"))).PushAsync(image, "pub", false);

        using var insecure = new HubClient(new HubConnection(uri, Insecure: true), login.Token);
        (await insecure.ListAppsAsync()).Should().ContainSingle();
    }
}
