using Gravity.Hub.Accounts;
using Gravity.Hub.Client;
using Gravity.Hub.Tests.Catalog;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>Two Hub processes on one PostgreSQL database and one shared data folder, as behind a load balancer.</summary>
public class SharedCatalogTests
{
    [Fact]
    public async Task Push_through_one_hub_is_listed_and_pulled_through_the_other()
    {
        await using var pg = await PostgresProcess.StartAsync();
        using var shared = new TempDir("hub-shared");
        await using var first = await HubServer.StartAsync(shared.Path, pg.Url);
        await using var second = await HubServer.StartAsync(shared.Path, pg.Url);

        await first.AddUserAsync("pub", Roles.Publisher);
        (await second.Accounts.Store.GetUserAsync("pub")).Should().NotBeNull("users are in the shared database");
        File.Exists(Path.Combine(shared.Path, Gravity.Hub.Storage.SqliteMetadataStore.FileName)).Should().BeFalse();

        using var dir = new TempDir();
        var image = await TestClusterImage.WriteAsync(dir.Path, "shop", "3.0.0", TestClusterImage.SampleFiles(1, 20_000));
        using (var viaFirst = await PushPullTests.LoginAsync(first, "pub"))
            await new ClusterImagePusher(viaFirst, new UploadStateStore(dir.Combine("uploads"))).PushAsync(image, "pub", false);

        // A session token from the first Hub works on the second (same signing key in the shared folder).
        using var anonymous = new HubClient(new HubConnection(new Uri(first.Url + "/"), Insecure: true));
        var token = (await anonymous.LoginAsync("pub", HubServer.Password)).Token;
        using var viaSecond = new HubClient(new HubConnection(new Uri(second.Url + "/")), token);
        var list = await viaSecond.ListAppsAsync();
        list.Should().ContainSingle().Which.Publisher.Should().Be("pub");
        var pulled = await new ClusterImagePuller(viaSecond).PullAsync("shop", "3.0.0", dir.Combine("pulled.tar"));
        (await File.ReadAllBytesAsync(pulled.Path)).Should().Equal(await File.ReadAllBytesAsync(image));
    }
}
