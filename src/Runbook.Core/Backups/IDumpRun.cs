namespace Runbook.Backups;

/// <summary>One run of a provider's dump, driven by <see cref="DumpCall.RunAsync"/>.</summary>
internal interface IDumpRun
{
    /// <summary>What the dump is doing now, for the message of a failure.</summary>
    string Step { get; }

    /// <summary>Reads the database and writes the whole dump, ending with the completeness marker.</summary>
    Task<DumpResult> RunAsync();

    /// <summary>Ends the transaction of a dump that failed or was cancelled (and puts the session back), while the connection still works.</summary>
    Task AbandonAsync();
}
