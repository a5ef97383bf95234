using System.Data.Common;
using Azure.Security.KeyVault.Secrets;

namespace Runbook.Targets;

/// <summary>
/// Opens connections to target databases: finds the connection string (configuration or Key Vault) and the
/// dialect for the target's provider. Members are virtual so jobs can be tested with a faulty connector.
/// </summary>
public class TargetConnector
{
    private readonly IReadOnlyDictionary<DatabaseProvider, IDatabaseDialect> _dialects;
    private readonly SecretClient? _secrets;

    /// <summary>For mocking.</summary>
    protected TargetConnector() => _dialects = new Dictionary<DatabaseProvider, IDatabaseDialect>();

    /// <summary>Creates a connector over the registered dialects and, when configured, a Key Vault client.</summary>
    public TargetConnector(IEnumerable<IDatabaseDialect> dialects, SecretClient? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(dialects);
        _dialects = dialects.ToDictionary(d => d.Provider);
        _secrets = secrets;
    }

    /// <summary>The dialect for <paramref name="target"/>'s provider.</summary>
    public virtual IDatabaseDialect GetDialect(TargetOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _dialects.TryGetValue(target.ProviderKind, out var dialect)
            ? dialect
            : throw new InvalidOperationException($"Target '{target.Name}' has provider '{target.Provider}', for which no dialect is registered.");
    }

    /// <summary>Opens a connection to <paramref name="target"/>, giving up after <paramref name="connectTimeout"/>.</summary>
    public virtual async Task<DbConnection> OpenAsync(TargetOptions target, TimeSpan connectTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var dialect = GetDialect(target);
        var connectionString = await GetConnectionStringAsync(target, cancellationToken);
        var connection = dialect.CreateConnection(connectionString);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        try
        {
            await connection.OpenAsync(timeout.Token);
            return connection;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            throw new TimeoutException($"Could not connect to target '{target.Name}' within {connectTimeout.TotalSeconds:0.#} s.");
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The target's connection string, read from Key Vault when the target names a secret.</summary>
    protected virtual async Task<string> GetConnectionStringAsync(TargetOptions target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!string.IsNullOrWhiteSpace(target.ConnectionString))
        {
            return target.ConnectionString;
        }

        if (_secrets is null)
        {
            throw new InvalidOperationException($"Target '{target.Name}' names Key Vault secret '{target.ConnectionStringSecret}' but Runbook:KeyVault:VaultUri is not set.");
        }

        var secret = await _secrets.GetSecretAsync(target.ConnectionStringSecret, cancellationToken: cancellationToken);
        return secret.Value.Value;
    }
}
