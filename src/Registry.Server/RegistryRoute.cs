using System.Text.RegularExpressions;

namespace Gravity.Registry.Server;

internal enum RouteKind { Base, Catalog, Tags, Manifest, Blob, UploadStart, Upload, Referrers }

/// <summary>
/// The registry's URL space under /v2/. Repository names contain slashes, so the path is matched from its end
/// (greedy name, fixed suffix) the way distribution does. The name is NOT validated here.
/// </summary>
internal sealed partial record RegistryRoute(RouteKind Kind, string? Name, string? Reference)
{
    public static RegistryRoute? Parse(string path)
    {
        // path is what follows "/v2", e.g. "/library/nginx/manifests/latest".
        if (path is "" or "/") return new(RouteKind.Base, null, null);
        if (path is "/_catalog") return new(RouteKind.Catalog, null, null);
        Match m;
        if ((m = Tags().Match(path)).Success) return new(RouteKind.Tags, m.Groups[1].Value, null);
        if ((m = Manifest().Match(path)).Success) return new(RouteKind.Manifest, m.Groups[1].Value, m.Groups[2].Value);
        if ((m = UploadStart().Match(path)).Success) return new(RouteKind.UploadStart, m.Groups[1].Value, null);
        if ((m = Upload().Match(path)).Success) return new(RouteKind.Upload, m.Groups[1].Value, m.Groups[2].Value);
        if ((m = Blob().Match(path)).Success) return new(RouteKind.Blob, m.Groups[1].Value, m.Groups[2].Value);
        if ((m = Referrers().Match(path)).Success) return new(RouteKind.Referrers, m.Groups[1].Value, m.Groups[2].Value);
        return null;
    }

    [GeneratedRegex("^/(.+)/tags/list$")] private static partial Regex Tags();
    [GeneratedRegex("^/(.+)/manifests/([^/]+)$")] private static partial Regex Manifest();
    [GeneratedRegex("^/(.+)/blobs/uploads/?$")] private static partial Regex UploadStart();
    [GeneratedRegex("^/(.+)/blobs/uploads/([^/]+)$")] private static partial Regex Upload();
    [GeneratedRegex("^/(.+)/blobs/([^/]+)$")] private static partial Regex Blob();
    [GeneratedRegex("^/(.+)/referrers/([^/]+)$")] private static partial Regex Referrers();
}
