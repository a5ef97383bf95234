using System.Data.Common;
using System.Globalization;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Runbook.Logging;

namespace Runbook.Targets;

/// <summary>
/// Opens <see cref="TargetSession"/>s. Keeps one pooled <see cref="DbDataSource"/> per target for the life of the
/// host, so runs reuse connections; a connection string from Key Vault is reused for
/// <see cref="KeyVaultOptions.SecretCacheDuration"/> and read again at once when the server refuses the login, so a
/// rotated password is picked up without a restart. Members are virtual so jobs can be tested with a failing factory.
/// </summary>
public class TargetSessionFactory : IAsyncDisposable
{
    private readonly IServiceProvider _providerServices = null!;
    private readonly IReadOnlyDictionary<DatabaseProvider, IDatabaseDialect> _dialects = new Dictionary<DatabaseProvider, IDatabaseDialect>();
    private readonly SecretClient? _secrets;
    private readonly KeyVaultOptions _keyVault = new();
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger _logger = NullLogger.Instance;
    private readonly Dictionary<(string Target, TimeSpan Timeout, string? Database), DataSourceEntry> _dataSources = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>For mocking.</summary>
    protected TargetSessionFactory()
    {
    }

    /// <summary>Creates the factory (normally by dependency injection).</summary>
    public TargetSessionFactory(
        IServiceProvider providerServices,
        IEnumerable<IDatabaseDialect> dialects,
        IOptions<RunbookOptions> options,
        TimeProvider time,
        ILogger<TargetSessionFactory> logger,
        SecretClient? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(dialects);
        ArgumentNullException.ThrowIfNull(options);
        _providerServices = providerServices ?? throw new ArgumentNullException(nameof(providerServices));
        _dialects = dialects.ToDictionary(d => d.Provider);
        _keyVault = options.Value.KeyVault;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _secrets = secrets;
    }

    /// <summary>
    /// Opens a session on <paramref name="target"/> within <see cref="TargetSessionOptions.ConnectTimeout"/> (the Key Vault
    /// read counts), with the session set to UTC and the lock timeout. Throws <see cref="TargetConnectException"/>, whose
    /// message is safe to show, when the target cannot be reached; <see cref="OperationCanceledException"/> only when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public virtual async Task<TargetSession> OpenAsync(TargetOptions target, TargetSessionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (!_dialects.TryGetValue(target.ProviderKind, out var dialect))
        {
            throw new InvalidOperationException($"Target '{target.Name}' has provider '{target.Provider}', for which no dialect is registered.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectTimeout);
        try
        {
            var connection = await OpenConnectionAsync(target, dialect, options, deadline.Token);
            try
            {
                await using var setup = connection.CreateCommand(dialect.SessionSetupSql(options.LockTimeout), options.ConnectTimeout);
                await setup.ExecuteNonQueryAsync(deadline.Token).WaitAsync(deadline.Token);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }

            return new TargetSession(target, dialect, connection, _providerServices);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TargetConnectException(
                target.Name,
                string.Create(CultureInfo.InvariantCulture, $"no connection within {options.ConnectTimeout.TotalSeconds:0.#} s ({options.TimeoutKey})"),
                e);
        }
        catch (Exception e) when (e is DbException or Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException
                                      or System.Net.Sockets.SocketException or IOException or TimeoutException)
        {
            throw new TargetConnectException(target.Name, DatabaseText.FirstLine(e.Message), e);
        }
    }

    /// <summary>Disposes every data source (their pooled connections close).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _dataSources.Values)
        {
            await entry.Source.DisposeAsync();
        }

        _dataSources.Clear();
        _gate.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<DbConnection> OpenConnectionAsync(TargetOptions target, IDatabaseDialect dialect, TargetSessionOptions options, CancellationToken cancellationToken)
    {
        var source = await GetDataSourceAsync(target, dialect, options, refresh: false, cancellationToken);
        try
        {
            return await OpenAsync(source, cancellationToken);
        }
        catch (DbException e) when (dialect.IsLoginFailure(e) && UsesSecret(target))
        {
            var fresh = await GetDataSourceAsync(target, dialect, options, refresh: true, cancellationToken);
            if (ReferenceEquals(fresh, source))
            {
                throw;
            }

            Log.ConnectionStringReloaded(_logger, target.Name);
            return await OpenAsync(fresh, cancellationToken);
        }
    }

    // Some drivers do not watch the token while connecting: the wait is bounded here, and a late connection is closed.
    private static async Task<DbConnection> OpenAsync(DbDataSource source, CancellationToken cancellationToken)
    {
        var open = source.OpenConnectionAsync(cancellationToken).AsTask();
        try
        {
            return await open.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _ = open.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }

    private async Task<DbDataSource> GetDataSourceAsync(TargetOptions target, IDatabaseDialect dialect, TargetSessionOptions options, bool refresh, CancellationToken cancellationToken)
    {
        var (timeout, database) = (options.ConnectTimeout, options.Database);
        var key = (target.Name, timeout, database);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _dataSources.TryGetValue(key, out var current);
            if (current is not null && !refresh && (!current.FromSecret || _time.GetUtcNow() - current.ReadAt < _keyVault.SecretCacheDuration))
            {
                return current.Source;
            }

            var connectionString = await ReadConnectionStringAsync(target, cancellationToken);
            if (current is not null && current.ConnectionString == connectionString)
            {
                _dataSources[key] = current with { ReadAt = _time.GetUtcNow() };
                return current.Source;
            }

            if (!dialect.IsValidConnectionString(connectionString))
            {
                throw new TargetConnectException(
                    target.Name,
                    $"the connection string in Key Vault secret '{target.ConnectionStringSecret}' is not a valid {dialect.Provider} connection string (the value is not shown).");
            }

            var source = dialect.CreateDataSource(database is null ? connectionString : dialect.WithDatabase(connectionString, database), timeout);
            _dataSources[key] = new DataSourceEntry(connectionString, source, _time.GetUtcNow(), UsesSecret(target));
            if (current is not null)
            {
                await current.Source.DisposeAsync();
            }

            return source;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> ReadConnectionStringAsync(TargetOptions target, CancellationToken cancellationToken)
    {
        if (!UsesSecret(target))
        {
            return target.ConnectionString!;
        }

        if (_secrets is null)
        {
            throw new InvalidOperationException($"Target '{target.Name}' names Key Vault secret '{target.ConnectionStringSecret}' but Runbook:KeyVault:VaultUri is not set.");
        }

        var secret = await _secrets.GetSecretAsync(target.ConnectionStringSecret, cancellationToken: cancellationToken);
        return secret.Value.Value;
    }

    private static bool UsesSecret(TargetOptions target) => string.IsNullOrWhiteSpace(target.ConnectionString);

    private sealed record DataSourceEntry(string ConnectionString, DbDataSource Source, DateTimeOffset ReadAt, bool FromSecret);
}
