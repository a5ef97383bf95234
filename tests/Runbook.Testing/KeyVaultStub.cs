using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Runbook.Testing;

/// <summary>
/// A local HTTPS server that answers the few Key Vault secret calls Runbook makes, the way the service does:
/// a 401 bearer challenge first, then the secret for the right token, 404 <c>SecretNotFound</c> for an unknown name.
/// <see cref="CreateClient"/> gives the real <see cref="SecretClient"/>, trusting this server's self-signed
/// certificate and nothing else.
/// </summary>
public sealed class KeyVaultStub : IAsyncDisposable
{
    private const string Token = "runbook-test-token";
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;

    private KeyVaultStub(WebApplication app, X509Certificate2 certificate, Uri vaultUri)
    {
        _app = app;
        _certificate = certificate;
        VaultUri = vaultUri;
    }

    /// <summary>The vault's address (https://127.0.0.1:port/).</summary>
    public Uri VaultUri { get; }

    /// <summary>Secrets by name; set them before the client reads them.</summary>
    public ConcurrentDictionary<string, string> Secrets { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many requests carried the expected bearer token.</summary>
    public int AuthorizedRequests;

    /// <summary>How long the vault takes to answer a secret request (a slow or throttled vault).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Starts the server on a free loopback port.</summary>
    public static async Task<KeyVaultStub> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        KeyVaultStub? stub = null;
        app.MapGet("/secrets/{name}/{version?}", async (string name, HttpRequest request) =>
        {
            await Task.Delay(stub!.Delay, request.HttpContext.RequestAborted);
            return stub.GetSecret(name, request);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new KeyVaultStub(app, certificate, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
        return stub;
    }

    /// <summary>The real SecretClient, pointed at this server.</summary>
    public SecretClient CreateClient()
    {
        var thumbprint = _certificate.Thumbprint;
#pragma warning disable CA2000 // The transport owns the handler for the client's lifetime.
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == thumbprint };
#pragma warning restore CA2000
        var options = new SecretClientOptions { DisableChallengeResourceVerification = true, Transport = new HttpClientTransport(handler) };
        options.Retry.MaxRetries = 0;
        return new SecretClient(VaultUri, new StaticTokenCredential(), options);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
    }

    private IResult GetSecret(string name, HttpRequest request)
    {
        if (request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            request.HttpContext.Response.Headers.WWWAuthenticate =
                "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000\", resource=\"https://vault.azure.net\"";
            return Results.Json(new { error = new { code = "Unauthorized", message = "AKV10000: Request is missing a Bearer or PoP token." } }, statusCode: 401);
        }

        Interlocked.Increment(ref AuthorizedRequests);
        if (!Secrets.TryGetValue(name, out var value))
        {
            return Results.Json(new { error = new { code = "SecretNotFound", message = $"A secret with (name/id) {name} was not found in this key vault." } }, statusCode: 404);
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Results.Json(new
        {
            value,
            id = new Uri(VaultUri, $"secrets/{name}/0123456789abcdef0123456789abcdef").ToString(),
            attributes = new { enabled = true, created = now, updated = now, recoveryLevel = "Recoverable+Purgeable" },
        });
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private sealed class StaticTokenCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }
}
