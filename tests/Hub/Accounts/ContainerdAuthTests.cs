using Gravity.Hub.Accounts;
using Gravity.Oci.Content;
using Gravity.Testing;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>containerd's ctr pulling from the Hub with a user and API key (it tries the OAuth POST, then the token GET).</summary>
public class ContainerdAuthTests
{
    [Fact]
    public async Task Ctr_pulls_with_user_and_api_key_and_fails_without()
    {
        if (ContainerdProcess.Unavailable() is { } reason) throw new InvalidOperationException($"cannot run this test: {reason}");
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("pub", Roles.Publisher);
        await hub.AddUserAsync("rdr", Roles.Reader);
        var pubKey = await hub.CreateKeyAsync("pub");
        var rdrKey = await hub.CreateKeyAsync("rdr");
        using var dir = new TempDir("ctr-auth");
        var store = new ContentStore(dir.Combine("store"));
        var image = await TestImages.CreateImageAsync(store, new TestImageSpec { Seed = 31, LayerSizes = [50_000] });
        await Gravity.Oci.Layout.OciLayout.WriteAsync(dir.Combine("layout"), store, [("image", image.Manifest)]);
        await Gravity.Core.Processes.ProcessRunner.RunCheckedAsync("skopeo", ["--insecure-policy", "copy", "--dest-tls-verify=false",
            $"--dest-creds=pub:{pubKey}", $"oci:{dir.Combine("layout")}:image", $"docker://{hub.HostPort}/team/app:v1"], timeout: TimeSpan.FromMinutes(2));

        await using var containerd = await ContainerdProcess.StartAsync();
        var reference = $"{hub.HostPort}/team/app:v1";
        var anonymous = await containerd.CtrAsync("images", "pull", "--plain-http", reference);
        anonymous.Succeeded.Should().BeFalse();
        var pull = await containerd.CtrAsync("images", "pull", "--plain-http", "--user", $"rdr:{rdrKey}", reference);
        pull.Succeeded.Should().BeTrue(pull.Combined);
        (await containerd.CtrAsync("images", "ls")).StdOut.Should().Contain(image.Manifest.Digest.ToString());
    }
}
