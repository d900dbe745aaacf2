using System.Net;
using Gravity.Hub.Accounts;
using Gravity.Oci;
using Gravity.Registry;
using Microsoft.Extensions.DependencyInjection;
using static Gravity.Testing.RegistryHttp;

namespace Gravity.Hub.Tests.Accounts;

/// <summary>An upload session belongs to whoever started it: another publisher of the same repository cannot touch it.</summary>
public sealed class UploadOwnershipTests
{
    [Fact]
    public async Task Another_publisher_cannot_write_read_finish_or_cancel_someone_elses_upload()
    {
        await using var hub = await HubServer.StartAsync();
        await hub.AddUserAsync("alice", Roles.Publisher);
        await hub.AddUserAsync("mallory", Roles.Publisher);
        using var alice = hub.Client("alice");
        using var mallory = hub.Client("mallory");

        using var start = await alice.PostAsync("/v2/apps/shop/blobs/uploads/", null);
        start.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var location = start.Headers.Location!.ToString();
        var planted = "layer from mallory"u8.ToArray();

        using (var patch = await mallory.PatchAsync(location, Octets(planted)))
        {
            patch.StatusCode.Should().Be(HttpStatusCode.NotFound);
            (await ErrorCodeAsync(patch)).Should().Be("BLOB_UPLOAD_UNKNOWN");
        }
        using (var status = await mallory.GetAsync(location))
            status.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using (var put = await mallory.PutAsync($"{location}?digest={Digest.Compute(planted)}", Octets(planted)))
        {
            put.StatusCode.Should().Be(HttpStatusCode.NotFound);
            (await ErrorCodeAsync(put)).Should().Be("BLOB_UPLOAD_UNKNOWN");
        }
        using (var delete = await mallory.DeleteAsync(location))
            delete.StatusCode.Should().Be(HttpStatusCode.NotFound);
        hub.App.Services.GetRequiredService<RegistryStorage>().HasBlob("apps/shop", Digest.Compute(planted)).Should().BeFalse();

        // The session is intact and still alice's.
        var data = "alice's layer"u8.ToArray();
        using (var status = await alice.GetAsync(location))
        {
            status.StatusCode.Should().Be(HttpStatusCode.NoContent);
            status.Headers.GetValues("Range").Should().Equal("0-0");
        }
        using (var patch = await alice.PatchAsync(location, Octets(data)))
            patch.StatusCode.Should().Be(HttpStatusCode.Accepted);
        using (var put = await alice.PutAsync($"{location}?digest={Digest.Compute(data)}", null))
            put.StatusCode.Should().Be(HttpStatusCode.Created);
        (await alice.GetByteArrayAsync($"/v2/apps/shop/blobs/{Digest.Compute(data)}")).Should().Equal(data);
    }
}
