using Runbook.Backups;

namespace Runbook.IntegrationTests.Backups;

/// <summary>
/// Progress handled on the dump's own thread, before it goes on (<see cref="Progress{T}"/> posts to the thread pool):
/// the tests stop a dump there, or act on its connection.
/// </summary>
internal sealed class BlockingProgress(Action<DumpProgress> report) : IProgress<DumpProgress>
{
    public void Report(DumpProgress value) => report(value);
}
