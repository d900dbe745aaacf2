using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Gravity.ServerHosting;

/// <summary>
/// The web application builder of every server gravity and tele run (registry, Hub, node agent): ASP.NET's slim
/// builder without its configuration files. Those (appsettings.json and appsettings.ENV.json) are read from the
/// folder the server starts in, which for a server root starts can be a folder another user writes: their Kestrel
/// section could add an endpoint without TLS. Settings come from code and flags only. No file watch either (it made
/// the server lstat and re-read on every file written below its start folder, a registry's every blob).
/// </summary>
public static class ServerBuilderFactory
{
    public static WebApplicationBuilder CreateSlim()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        foreach (var source in builder.Configuration.Sources.OfType<FileConfigurationSource>().ToList())
            builder.Configuration.Sources.Remove(source);
        return builder;
    }
}
