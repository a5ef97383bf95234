using System.Data.Common;
using Runbook.Backups;

namespace Runbook.IntegrationTests.Backups;

/// <summary>
/// Writes while a dump runs, one transaction at a time on its own connection: a transfer from an account in
/// <c>accounts_a</c> to one in <c>accounts_b</c> (each seeded with <see cref="Accounts"/> rows of <see cref="Balance"/>),
/// and an order with its two lines. <see cref="WaitAfter"/> holds the dump, its snapshot open, while more commit.
/// </summary>
internal sealed class ConcurrentTransfers
{
    public const int Accounts = 500;
    public const long Balance = 100;
    private const int WhileHeld = 25;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private int _committed;

    /// <summary>Starts writing through a connection from <paramref name="connect"/> (opened here).</summary>
    public ConcurrentTransfers(Func<DbConnection> connect)
    {
        _writer = Task.Run(async () =>
        {
            await using var connection = connect();
            await connection.OpenAsync();
            for (var i = 11; !_stop.IsCancellationRequested; i++)
            {
                await using var transfer = connection.CreateCommand();
                transfer.CommandText = $"""
                    START TRANSACTION;
                    UPDATE accounts_a SET balance = balance - {i} WHERE id = {(i % Accounts) + 1};
                    UPDATE accounts_b SET balance = balance + {i} WHERE id = {((i * 7) % Accounts) + 1};
                    INSERT INTO orders VALUES ({i});
                    INSERT INTO order_lines VALUES ({i}, 1), ({i}, 2);
                    COMMIT;
                    """;
                await transfer.ExecuteNonQueryAsync();
                Interlocked.Increment(ref _committed);
            }
        });
    }

    /// <summary>Transactions committed when the dump was held.</summary>
    public int Before { get; private set; }

    /// <summary>Transactions committed when the dump went on.</summary>
    public int After { get; private set; }

    /// <summary>Progress that holds the dump once <paramref name="table"/> is read until more transactions have committed.</summary>
    public IProgress<DumpProgress> WaitAfter(string table) => new BlockingProgress(p =>
    {
        if (p.TableCompleted && p.Table == table)
        {
            Before = Volatile.Read(ref _committed);
            SpinWait.SpinUntil(() => Volatile.Read(ref _committed) >= Before + WhileHeld, TimeSpan.FromSeconds(30));
            After = Volatile.Read(ref _committed);
        }
    });

    /// <summary>Stops writing; checks that enough committed while the dump was held.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _writer;
        _stop.Dispose();
        Assert.True(After >= Before + WhileHeld, $"only {After - Before} transactions committed while the dump waited");
    }
}
