using Runbook.Outbox;

namespace Runbook.UnitTests.Outbox;

/// <summary>Seed 003's back-off: min(base × 2^(attempts − 1), max), with jitter only ever added.</summary>
public sealed class OutboxRetryTests
{
    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 120)]
    [InlineData(3, 240)]
    [InlineData(6, 1920)]
    [InlineData(7, 3600)]
    [InlineData(60, 3600)]
    public void The_wait_doubles_from_the_base_up_to_the_max(int attempts, double seconds)
    {
        var options = new OutboxOptions { RetryJitterPercent = 0 };

        Assert.Equal(TimeSpan.FromSeconds(seconds), OutboxRetry.Delay(attempts, options, 0.99));
    }

    [Theory]
    [InlineData(0.0, 240)]
    [InlineData(0.5, 264)]
    [InlineData(0.999999, 288)]
    public void Jitter_adds_up_to_its_share_and_never_shortens_the_wait(double random, double seconds)
    {
        var options = new OutboxOptions { RetryJitterPercent = 20 };

        Assert.Equal(seconds, Math.Round(OutboxRetry.Delay(3, options, random).TotalSeconds));
    }
}
