using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Runbook.Audit;
using Runbook.Logging;
using Runbook.Operations;
using Runbook.Scheduling;
using Runbook.Targets;

namespace Runbook.Tasks;

/// <summary>
/// Switches timers off and on during an incident (seed 000 §1: status, disable, enable). A disable needs a reason and
/// may carry an <c>until</c> after which the timer runs again by itself. Every change is computed on fresh state and
/// written with an ETag condition (<see cref="TaskSwitchStore"/>). Members are virtual for mocking.
/// </summary>
public partial class TaskSwitches
{
    private const int MaxReasonLength = 500;
    private const int MaxActorLength = 200;
    private readonly TaskSwitchStore _store = null!;
    private readonly AuditTrail _audit = null!;
    private readonly TaskOptions _options = new();
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>For mocking.</summary>
    protected TaskSwitches()
    {
    }

    /// <summary>Creates the service (normally by dependency injection).</summary>
    public TaskSwitches(TaskSwitchStore store, AuditTrail audit, IOptions<TaskOptions> options, TimeProvider time, ILogger<TaskSwitches> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _options = options.Value;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Every timer and its switch, in the order of <see cref="JobSchedules.All"/>.</summary>
    public virtual async Task<IReadOnlyList<TaskSwitchStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var state = await _store.ReadAsync(cancellationToken);
        var now = _time.GetUtcNow();
        return [.. JobSchedules.All.Select(job => Status(job, state, now))];
    }

    /// <summary><paramref name="job"/>'s switch as of now (without storage every timer is on).</summary>
    public virtual async Task<TaskSwitchStatus> GetStatusAsync(JobSchedule job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Status(job, await _store.ReadAsync(cancellationToken), _time.GetUtcNow());
    }

    /// <summary>Switches <paramref name="name"/> off, until <paramref name="until"/> when given; recorded in the audit trail.</summary>
    public virtual async Task<TaskChange> DisableAsync(string name, string? reason, DateTimeOffset? until, OperatorContext who, CancellationToken cancellationToken = default) =>
        (await AuditedAsync("tasks.disable", name, who, reason, until, () => ChangeAsync([Find(name)], Disabling(reason, until, who.Actor), cancellationToken), cancellationToken))[0];

    /// <summary>Switches <paramref name="name"/> back on; recorded in the audit trail.</summary>
    public virtual async Task<TaskChange> EnableAsync(string name, string? reason, OperatorContext who, CancellationToken cancellationToken = default) =>
        (await AuditedAsync("tasks.enable", name, who, reason, null, () => ChangeAsync([Find(name)], Enabling(reason, who.Actor), cancellationToken), cancellationToken))[0];

    /// <summary>Switches every timer off, in one write; recorded in the audit trail.</summary>
    public virtual Task<IReadOnlyList<TaskChange>> DisableAllAsync(string? reason, DateTimeOffset? until, OperatorContext who, CancellationToken cancellationToken = default) =>
        AuditedAsync("tasks.disable-all", "*", who, reason, until, () => ChangeAsync(JobSchedules.All, Disabling(reason, until, who.Actor), cancellationToken), cancellationToken);

    /// <summary>Switches every timer on, in one write; recorded in the audit trail.</summary>
    public virtual Task<IReadOnlyList<TaskChange>> EnableAllAsync(string? reason, OperatorContext who, CancellationToken cancellationToken = default) =>
        AuditedAsync("tasks.enable-all", "*", who, reason, null, () => ChangeAsync(JobSchedules.All, Enabling(reason, who.Actor), cancellationToken), cancellationToken);

    private Task<IReadOnlyList<TaskChange>> AuditedAsync(
        string operation, string target, OperatorContext who, string? reason, DateTimeOffset? until, Func<Task<IReadOnlyList<TaskChange>>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var parameters = new Dictionary<string, string?>
        {
            ["reason"] = reason is null ? null : DatabaseText.FirstLine(reason),
            ["until"] = until?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        return _audit.RecordAsync(
            who,
            operation,
            DatabaseText.FirstLine(target),
            parameters,
            change,
            changes => (changes.Count(c => c.Changed), string.Join("; ", changes.Select(c => c.Changed ? $"{c.After.Name} {(c.After.Enabled ? "on" : "off")}" : $"{c.After.Name} already {(c.After.Enabled ? "on" : "off")}"))),
            cancellationToken);
    }

    private Func<DateTimeOffset, TaskSwitch> Disabling(string? reason, DateTimeOffset? until, string? actor)
    {
        var by = Actor(actor);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidRequestException("A reason is required to disable a timer (\"reason\": \"incident 4711: database failover\"), so the next person knows why it is off.");
        }

        var why = Reason(reason);
        var now = _time.GetUtcNow();
        if (until is { } end && (end <= now || end - now > _options.MaxDisableDuration))
        {
            throw new InvalidRequestException($"\"until\" must be in the future and at most {_options.MaxDisableDuration} ahead ({TaskOptions.SectionName}:MaxDisableDuration); got {end:O}.");
        }

        return at => new TaskSwitch(false, why, by, at, until);
    }

    private Func<DateTimeOffset, TaskSwitch> Enabling(string? reason, string? actor)
    {
        var by = Actor(actor);
        var why = string.IsNullOrWhiteSpace(reason) ? null : Reason(reason);
        return at => new TaskSwitch(true, why, by, at, null);
    }

    private async Task<IReadOnlyList<TaskChange>> ChangeAsync(IReadOnlyList<JobSchedule> jobs, Func<DateTimeOffset, TaskSwitch> target, CancellationToken cancellationToken)
    {
        if (!_store.IsConfigured)
        {
            throw new InvalidOperationException("Timers cannot be switched: " + Reports.ReportStorageOptions.NotConfiguredMessage);
        }

        List<TaskChange> changes = [];
        await _store.UpdateAsync(
            state =>
            {
                // Called again on fresh state after a lost race: start over each time.
                changes = [];
                var now = _time.GetUtcNow();
                var wanted = target(now);
                var next = state;
                foreach (var job in jobs)
                {
                    var before = Status(job, state, now);
                    var changed = before.Enabled != wanted.Enabled || (!wanted.Enabled && before.Until != wanted.Until);
                    if (changed)
                    {
                        next = next.With(job.Name, wanted);
                    }

                    changes.Add(new TaskChange(before, changed ? Status(job, next, now) : before, changed));
                }

                return next;
            },
            cancellationToken);

        foreach (var change in changes.Where(c => c.Changed))
        {
            Log.TaskSwitched(_logger, change.After.Name, change.After.Enabled ? "enabled" : "disabled", change.After.ChangedBy ?? "?", change.After.Reason ?? string.Empty);
        }

        return changes;
    }

    private static TaskSwitchStatus Status(JobSchedule job, TaskSwitchState state, DateTimeOffset now)
    {
        var found = state.Switches.TryGetValue(job.Name, out var value);
        var on = !found || value!.IsOnAt(now);
        return new TaskSwitchStatus(
            job.Name, job.FunctionName, job.Description, job.SettingName, on,
            value?.Reason, value?.ChangedBy, value?.ChangedAt, on ? null : value?.Until, found && !value!.Enabled && on);
    }

    private static JobSchedule Find(string name)
    {
        if (string.IsNullOrEmpty(name) || !TaskName().IsMatch(name))
        {
            throw new InvalidRequestException("A task name is lower-case letters, digits and '-' (for example health-check).");
        }

        return JobSchedules.Find(name)
            ?? throw new NotFoundException($"No task is named '{name}'. Tasks: {string.Join(", ", JobSchedules.All.Select(j => j.Name))}.");
    }

    private static string Actor(string? actor)
    {
        var clean = DatabaseText.FirstLine(actor);
        return clean.Length is 0 or > MaxActorLength
            ? throw new InvalidRequestException($"Say who you are: an actor of 1 to {MaxActorLength} characters (X-Runbook-Actor header, or --actor).")
            : clean;
    }

    private static string Reason(string reason)
    {
        var clean = DatabaseText.Clean(reason).Trim();
        return clean.Length > MaxReasonLength ? throw new InvalidRequestException($"The reason may be at most {MaxReasonLength} characters.") : clean;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskName();
}
