using System.Data;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Runbook.Targets;

/// <summary>
/// One target resolved once: its open connection, its dialect, and the services registered for its provider
/// (<see cref="GetRequiredService{T}"/>). Every job reads a target through a session; disposing it returns the
/// connection to the target's pool.
/// </summary>
public sealed class TargetSession : IAsyncDisposable
{
    private readonly IServiceProvider _providerServices;

    /// <summary>Wraps an open <paramref name="connection"/> (normally made by <see cref="TargetSessionFactory"/>).</summary>
    public TargetSession(TargetOptions target, IDatabaseDialect dialect, DbConnection connection, IServiceProvider providerServices)
    {
        Target = target ?? throw new ArgumentNullException(nameof(target));
        Dialect = dialect ?? throw new ArgumentNullException(nameof(dialect));
        Connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _providerServices = providerServices ?? throw new ArgumentNullException(nameof(providerServices));
    }

    /// <summary>The target's configuration.</summary>
    public TargetOptions Target { get; }

    /// <summary>The target's engine.</summary>
    public DatabaseProvider Provider => Dialect.Provider;

    /// <summary>Quoting, catalog and error codes for the engine.</summary>
    public IDatabaseDialect Dialect { get; }

    /// <summary>The open connection.</summary>
    public DbConnection Connection { get; }

    /// <summary>False once the connection broke (reset, killed, timed out): further reads would only fail too.</summary>
    public bool IsOpen => Connection.State == ConnectionState.Open;

    /// <summary>The server's version as a person reads it.</summary>
    public string ServerVersion => Dialect.ServerVersion(Connection);

    /// <summary>The implementation of <typeparamref name="T"/> for this target's provider (checked to exist at start-up).</summary>
    public T GetRequiredService<T>()
        where T : notnull => _providerServices.GetRequiredKeyedService<T>(Provider);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
