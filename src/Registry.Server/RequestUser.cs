using Microsoft.AspNetCore.Http;

namespace Gravity.Registry.Server;

/// <summary>Who a request was let through as (the access decision's subject), for upload ownership and the request log.</summary>
public static class RequestUser
{
    private static readonly object Key = new();

    public static void Set(HttpContext ctx, string? user)
    {
        if (!string.IsNullOrEmpty(user)) ctx.Items[Key] = user;
    }

    public static string? Get(HttpContext ctx) => ctx.Items.TryGetValue(Key, out var v) ? v as string : null;
}
