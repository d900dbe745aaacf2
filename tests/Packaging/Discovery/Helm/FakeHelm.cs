using Gravity.Packaging.Discovery.Helm.Rendering;
using Gravity.Testing;

namespace Gravity.Packaging.Tests.Discovery.Helm;

/// <summary>A shell script standing in for helm where a test needs helm to misbehave or to record how it was run.</summary>
internal static class FakeHelm
{
    /// <param name="templateScript">What <c>helm template ...</c> does (its arguments are $1...); <c>helm version</c> prints v4.1.4.</param>
    public static HelmExecutable Write(TempDir dir, string templateScript, string name = "fake-helm")
    {
        var path = dir.Combine(name);
        File.WriteAllText(path, $"#!/bin/sh\nif [ \"$1\" = version ]; then echo v4.1.4; exit 0; fi\n{templateScript}\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        var info = new FileInfo(path);
        return new HelmExecutable(path, info.Length, info.LastWriteTimeUtc);
    }
}
