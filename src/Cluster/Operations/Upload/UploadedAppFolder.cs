using System.Text.RegularExpressions;
using Gravity.Core;
using Gravity.Oci;
using Gravity.Packaging.ClusterImage;

namespace Gravity.Cluster.Operations.Upload;

/// <summary>
/// What the folder of an uploaded version (<see cref="Nodes.StateFolder.AppDir"/>) holds, the same on every master:
/// head.json (the image's .gravity/head.json, byte for byte), app.yaml, resources/ (the image's packages/resources/)
/// and gravity (the image's gravity binary, 0755). Every file but the head is one the head lists, with its size and digest.
/// </summary>
public static partial class UploadedAppFolder
{
    public const string HeadFile = "head.json";
    public const string GravityFile = "gravity";
    private const string ResourcesFolder = "resources/";

    /// <summary>The most a version's folder may hold (the gravity binary is most of it).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>The files of the folder besides head.json: path in the folder, and the head's entry it must match.</summary>
    public static IReadOnlyList<(string Path, HeadEntry Entry)> FilesOf(ClusterImageHead head)
    {
        var files = new List<(string, HeadEntry)>();
        foreach (var entry in head.Entries)
        {
            if (entry.Name == ClusterImageLayout.AppManifest) files.Add((ClusterImageLayout.AppManifest, entry));
            else if (entry.Name == ClusterImageLayout.GravityBinary) files.Add((GravityFile, entry));
            else if (entry.Name.StartsWith(ClusterImageLayout.ResourcesDir, StringComparison.Ordinal))
                files.Add((ResourcesFolder + entry.Name[ClusterImageLayout.ResourcesDir.Length..], entry));
        }
        return files;
    }

    public static UnixFileMode ModeOf(string path) => path == GravityFile ? FileModes.Executable : FileModes.Regular;

    /// <summary>An application name or version is one path segment of the state folder: nothing that could climb out of it.</summary>
    public static void CheckSegment(string what, string value)
    {
        if (!SafeSegment().IsMatch(value) || value.Contains("..", StringComparison.Ordinal))
            throw new GravityException($"{what} \"{value}\" is not a valid name (letters, digits, '.', '_', '+', '-'; at most 128)");
    }

    /// <summary>
    /// True when <paramref name="dir"/> holds the version whose head.json has <paramref name="headDigest"/> with every file
    /// it needs (present, with the head's sizes): what a finished upload leaves. Cheap: sizes, not digests.
    /// </summary>
    public static bool IsComplete(string dir, Digest headDigest)
    {
        if (ReadHeadDigest(dir) != headDigest) return false;
        var head = ClusterImageHead.Parse(File.ReadAllBytes(Path.Combine(dir, HeadFile)));
        return FilesOf(head).All(f => new FileInfo(Path.Combine(dir, f.Path)) is { Exists: true, LinkTarget: null } info && info.Length == f.Entry.Size);
    }

    /// <summary>The digest of the head.json in <paramref name="dir"/>, or null when there is none.</summary>
    public static Digest? ReadHeadDigest(string dir)
    {
        var path = Path.Combine(dir, HeadFile);
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null || info.Length > ClusterImageLayout.MaxHeadSize) return null;
        return Digest.Compute(File.ReadAllBytes(path));
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")]
    private static partial Regex SafeSegment();
}
