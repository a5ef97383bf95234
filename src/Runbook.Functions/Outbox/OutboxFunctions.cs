using Microsoft.Azure.Functions.Worker;
using Runbook.Scheduling;

namespace Runbook.Functions.Outbox;

/// <summary>The e-mail outbox (seed 003): the every-minute processor.</summary>
public sealed class OutboxFunctions(ScheduledJobRunner timers)
{
    /// <summary>Every minute by default (app setting <c>RUNBOOK_EMAIL_SCHEDULE</c>), unless switched off.</summary>
    [Function("EmailOutboxTimer")]
    public async Task ProcessAsync([TimerTrigger("%RUNBOOK_EMAIL_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await timers.RunAsync(JobSchedules.EmailOutbox, timer.IsPastDue, cancellationToken);
    }
}
