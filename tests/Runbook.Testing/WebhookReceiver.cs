using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Runbook.Testing;

/// <summary>
/// A chat webhook on loopback for the notification tests (what a Teams or Slack incoming webhook would receive):
/// every POST body is kept as JSON, and it answers <see cref="Status"/> (200 unless a test says otherwise).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, JsonElement Body)> _posts = new();
    private readonly Task _loop;

    private WebhookReceiver(int port)
    {
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>The address to configure, with a secret-looking path as real webhooks have.</summary>
    public string Url => $"http://127.0.0.1:{Port}/hooks/T000/B000/secret-token";

    /// <summary>What it answers from now on.</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    /// <summary>Every body received, in order.</summary>
    public IReadOnlyList<JsonElement> Posts => [.. _posts.Select(p => p.Body)];

    /// <summary>Starts one on a free loopback port.</summary>
    public static WebhookReceiver Start() => new(LocalProcess.FreePort());

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                var text = await reader.ReadToEndAsync();
                _posts.Enqueue((context.Request.Url!.AbsolutePath, JsonDocument.Parse(text).RootElement.Clone()));
            }

            context.Response.StatusCode = (int)Status;
            context.Response.Close();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
