using Runbook.Testing;

namespace Runbook.IntegrationTests.Outbox;

/// <summary>One SMTP sink per test class; tests keep apart by their own recipients.</summary>
public sealed class SmtpSinkFixture : IAsyncLifetime
{
    public SmtpSink Sink { get; private set; } = null!;

    public async Task InitializeAsync() => Sink = await SmtpSink.StartAsync();

    public async Task DisposeAsync() => await Sink.DisposeAsync();
}
