namespace Gravity.Manifest.Tests;

public class SampleManifestTests
{
    [Fact]
    public async Task The_reference_sample_loads_without_errors()
    {
        var result = await ManifestLoader.LoadFileAsync(Fixtures.SampleManifest, Fixtures.NoEnvironment);
        result.ErrorText.Should().BeEmpty();
        result.Succeeded.Should().BeTrue();
    }
}
