using System.Data.Common;

namespace Runbook.Targets;

/// <summary>Small helpers for parameterized commands; values always travel as parameters.</summary>
public static class DbConnectionExtensions
{
    /// <summary>Creates a command with a timeout and named parameters (<c>@name</c> in both drivers).</summary>
    public static DbCommand CreateCommand(this DbConnection connection, string sql, TimeSpan timeout, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds);
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs a scalar query and converts its result; null when the result is NULL or no row.</summary>
    public static async Task<T?> ScalarAsync<T>(this DbConnection connection, string sql, TimeSpan timeout, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand(sql, timeout, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a query and maps each row; rows are read one at a time.</summary>
    public static async Task<List<T>> ListAsync<T>(this DbConnection connection, string sql, TimeSpan timeout, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(map);
        await using var command = connection.CreateCommand(sql, timeout, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>
    /// Adds one parameter per value (<c>@prefix0</c>, <c>@prefix1</c>...) to <paramref name="parameters"/> and returns the list
    /// for an <c>IN (...)</c>: values never enter the SQL text.
    /// </summary>
    public static string InList(string prefix, IEnumerable<string> values, List<(string Name, object? Value)> parameters)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(parameters);
        var names = new List<string>();
        foreach (var value in values)
        {
            var name = $"{prefix}{names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            names.Add("@" + name);
            parameters.Add((name, value));
        }

        return string.Join(", ", names);
    }

    /// <summary>Reads a column as a 64-bit integer whatever numeric type the driver returns.</summary>
    public static long GetInt64Any(this DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads a column as a double whatever numeric type the driver returns.</summary>
    public static double GetDoubleAny(this DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.IsDBNull(ordinal) ? 0 : Convert.ToDouble(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }
}
