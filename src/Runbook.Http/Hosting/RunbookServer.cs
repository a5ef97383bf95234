using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runbook.Operations;

namespace Runbook.Http.Hosting;

/// <summary>
/// The operator API on Kestrel, for <c>runbook serve</c>: the route table with the same handlers and key check as the
/// function app. Refuses to start without keys; listens on loopback unless given other addresses.
/// </summary>
public static class RunbookServer
{
    /// <summary>Where it listens unless told otherwise: loopback only, the Functions host's local port.</summary>
    public const string DefaultUrls = "http://127.0.0.1:7071";

    /// <summary>Builds the server over <paramref name="configuration"/> (the same keys as the function app's settings).</summary>
    public static WebApplication Build(IConfiguration configuration, string urls, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var addresses = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var address in addresses)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new InvalidRequestException($"--urls '{address}' is not an http:// or https:// address such as {DefaultUrls}.");
            }
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(addresses);
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.Services.AddMvcCore();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, CallerOwnedLifetime>();
        builder.Services.AddRunbookCore(configuration).AddRunbookHttp().AddRunbookServe(configuration);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<ServeOptions>>().Value;
        if (!options.HasKeys)
        {
            throw new OptionsValidationException(ServeOptions.SectionName, typeof(ServeOptions), [
                $"{ServeOptions.SectionName}:FunctionKeys or {ServeOptions.SectionName}:MasterKey is required: runbook serve does not run without keys (generate one with: openssl rand -base64 32)."]);
        }

        app.MapRunbookRoutes();
        return app;
    }

    /// <summary>True when every address is on loopback (the default).</summary>
    public static bool IsLoopbackOnly(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip))));
}
