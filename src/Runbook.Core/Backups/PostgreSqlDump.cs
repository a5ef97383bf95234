using System.Data.Common;
using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Sql = Runbook.Backups.PostgreSqlCatalogSql;

namespace Runbook.Backups;

/// <summary>
/// One run of <see cref="PostgreSqlDumper"/>: opens the snapshot, locks the tables, reads the catalog inside the
/// snapshot and writes the SQL in restore order (pre-data, data, post-data, as pg_dump does). Not reusable.
/// </summary>
internal sealed class PostgreSqlDump : IDumpRun
{
    private const int ProgressEveryBytes = 8 << 20;
    private const int LockBatch = 100;
    private const int SequenceBatch = 200;

    private readonly NpgsqlConnection _connection;
    private readonly DumpWriter _out;
    private readonly DumpOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationToken _cancellationToken;
    private readonly char[] _buffer = new char[32 * 1024];
    private bool _inTransaction;

    public PostgreSqlDump(NpgsqlConnection connection, Stream output, DumpOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        _connection = connection;
        _out = new DumpWriter(output, cancellationToken);
        _options = options;
        _time = time;
        _cancellationToken = cancellationToken;
    }

    /// <summary>What the dump is doing now, for the message of a failure.</summary>
    public string Step { get; private set; } = "opening the snapshot";

    public async Task<DumpResult> RunAsync()
    {
        var (serverVersion, versionNumber, startedAt) = await BeginSnapshotAsync();

        Step = "locking the tables";
        var relations = await QueryAsync(Sql.Relations, r => new Relation(r.GetFieldValue<uint>(0), r.GetString(1), r.GetString(2)[0]));
        await LockAsync(relations.Where(r => r.Kind is 'r' or 'p').Select(r => r.Name).ToList());

        Step = "reading the catalog";
        await WriteHeaderAsync(serverVersion, startedAt);
        await WriteSchemasAsync();
        await WriteExtensionsAsync();
        var types = await WriteTypesAsync(versionNumber);
        var functions = await QueryAsync(Sql.Functions, r => new Function(r.GetFieldValue<uint>(0), r.GetString(1), r.GetBoolean(2)));
        await WriteSectionAsync("Functions and procedures", functions.Where(f => !f.Late).Select(f => Statement(f.Definition)));
        await WriteDomainDefaultsAndConstraintsAsync(types);
        var sequences = await QueryAsync(Sql.Sequences, ReadSequence);
        await WriteSectionAsync("Sequences", sequences.Where(s => s.OwnerKind != 'i').Select(CreateSequence));
        var tables = await WriteTablesAsync(relations, sequences);
        await WriteSectionAsync("Sequence ownership", sequences.Where(s => s.OwnerKind == 'a').Select(s => $"ALTER SEQUENCE {s.Name} OWNED BY {s.OwnerTable}.{s.OwnerColumn};\n"));
        var late = await WriteViewsAndLateFunctionsAsync(relations, functions.Where(f => f.Late).ToList());

        var dumped = new List<DumpedTable>();
        foreach (var table in relations.Where(r => r.Kind == 'r'))
        {
            Step = $"reading table {table.Name}";
            dumped.Add(await CopyTableAsync(table, tables.CopyColumns.GetValueOrDefault(table.Oid)));
        }

        Step = "reading the sequences";
        await WriteSequenceValuesAsync(sequences);

        Step = "reading the catalog";
        var relationOids = tables.Ordered.Select(t => t.Oid).Concat(late.Views.Select(v => v.Oid)).ToArray();
        var indexOids = await WritePostDataAsync(tables, late, relationOids);
        await WriteCommentsAsync(relationOids, sequences.Select(s => s.Oid).Concat(indexOids).ToArray(), types.Select(t => t.Oid).ToArray(), functions.Select(f => f.Oid).ToArray());
        await WriteSectionAsync("Materialized view data", late.Views.Where(v => v.Kind == 'm' && v.Populated).Select(v => $"REFRESH MATERIALIZED VIEW {v.Name};\n"));
        var endedAt = _time.GetUtcNow();

        Step = "writing the dump";
        await _out.CompleteAsync();

        Step = "ending the snapshot";
        await ExecuteAsync("COMMIT");
        _inTransaction = false;
        return new DumpResult
        {
            ServerVersion = serverVersion,
            Database = _connection.Database,
            SnapshotStartedAt = startedAt,
            SnapshotEndedAt = endedAt,
            Tables = dumped,
            TotalBytes = _out.BytesWritten,
        };
    }

    /// <summary>Ends the transaction of a dump that failed or was cancelled, while the connection still works.</summary>
    public async Task AbandonAsync()
    {
        if (!_inTransaction || _connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var rollback = Command("ROLLBACK");
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (DbException)
        {
            // The dump's own failure is the one reported; the pool discards a connection it cannot reset.
        }
    }

    // The settings pg_dump pins, for this transaction only (SET LOCAL): the caller's session is as it was afterwards.
    // The first SELECT takes the snapshot; nothing is read from the catalog before it.
    private async Task<(string Version, int VersionNumber, DateTimeOffset StartedAt)> BeginSnapshotAsync()
    {
        await ExecuteAsync("""
            BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;
            SET LOCAL client_encoding = 'UTF8';
            SET LOCAL DateStyle = 'ISO';
            SET LOCAL IntervalStyle = 'postgres';
            SET LOCAL extra_float_digits = 3;
            SET LOCAL standard_conforming_strings = on;
            SET LOCAL statement_timeout = 0;
            SET LOCAL lock_timeout = 0;
            SET LOCAL idle_in_transaction_session_timeout = 0;
            SET LOCAL row_security = off;
            """);
        _inTransaction = true;
        var row = await QueryAsync(
            "SELECT pg_catalog.set_config('search_path', '', true), current_setting('server_version'), current_setting('server_version_num')::int",
            r => (Version: r.GetString(1), Number: r.GetInt32(2)));
        return (row[0].Version, row[0].Number, _time.GetUtcNow());
    }

    // ACCESS SHARE conflicts only with ACCESS EXCLUSIVE: writers go on, but nobody drops or alters a table while the
    // pg_get_*def functions (which read the current catalog, not the snapshot) describe it.
    private async Task LockAsync(List<string> tables)
    {
        await ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"SET LOCAL lock_timeout = '{(long)_options.LockTimeout.TotalMilliseconds}ms'"));
        foreach (var batch in tables.Chunk(LockBatch))
        {
            await ExecuteAsync($"LOCK TABLE {string.Join(", ", batch)} IN ACCESS SHARE MODE");
        }

        await ExecuteAsync("SET LOCAL lock_timeout = 0");
    }

    private Task WriteHeaderAsync(string serverVersion, DateTimeOffset startedAt) => WriteAsync($"""
        --
        -- PostgreSQL database dump written by Runbook
        -- Database: {DumpWriter.Comment(_connection.Database)}
        -- Server version: {DumpWriter.Comment(serverVersion)}
        -- Snapshot taken: {startedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}
        --
        -- Ownership-free: no OWNER TO, GRANT or REVOKE; restored objects belong to the user who restores them.
        -- Restore into an empty database: psql -X -v ON_ERROR_STOP=1 -f FILE
        --

        SET statement_timeout = 0;
        SET lock_timeout = 0;
        SET idle_in_transaction_session_timeout = 0;
        SET client_encoding = 'UTF8';
        SET standard_conforming_strings = on;
        SET DateStyle = 'ISO';
        SET IntervalStyle = 'postgres';
        SELECT pg_catalog.set_config('search_path', '', false);
        SET check_function_bodies = false;
        SET xmloption = content;
        SET client_min_messages = warning;
        SET row_security = off;
        SET default_tablespace = '';
        SET default_table_access_method = heap;


        """);

    private async Task WriteSchemasAsync()
    {
        var schemas = await QueryAsync(Sql.Schemas, r => r.GetString(0));
        await WriteSectionAsync("Schemas", schemas.Select(s => $"CREATE SCHEMA IF NOT EXISTS {s};\n"));
    }

    private async Task WriteExtensionsAsync()
    {
        var extensions = await QueryAsync(Sql.Extensions, r => (Oid: r.GetFieldValue<uint>(0), Name: r.GetString(1), Schema: r.GetString(2), Requires: r.GetFieldValue<uint[]>(3)));
        var requires = extensions.SelectMany(x => x.Requires.Select(required => (x.Oid, Required: required))).ToLookup(d => d.Oid, d => d.Required);
        var ordered = DependencyOrder.Sort(extensions, x => x.Oid, requires);
        await WriteSectionAsync("Extensions", ordered.Select(x => $"CREATE EXTENSION IF NOT EXISTS {x.Name} WITH SCHEMA {x.Schema};\n"));
    }

    // Domains are created bare: their defaults and CHECK constraints, which may call functions, follow the functions.
    private async Task<List<UserType>> WriteTypesAsync(int versionNumber)
    {
        var sql = string.Format(CultureInfo.InvariantCulture, Sql.TypesFormat, versionNumber >= 140000 ? Sql.MultirangeName : "NULL");
        var types = await QueryAsync(sql, r => new UserType(
            r.GetFieldValue<uint>(0), r.GetString(1), r.GetString(2)[0], Text(r, 3), Text(r, 4), Text(r, 5), r.GetBoolean(6), Text(r, 7), Text(r, 8), Text(r, 9)));
        var oids = types.Select(t => t.Oid).ToArray();
        var dependencies = (await QueryAsync(Sql.TypeDependencies, r => (Type: r.GetFieldValue<uint>(0), On: r.GetFieldValue<uint>(1)), ("types", oids)))
            .ToLookup(d => d.Type, d => d.On);
        await WriteSectionAsync("Types", DependencyOrder.Sort(types, t => t.Oid, dependencies).Select(t => t.Kind switch
        {
            'e' => $"CREATE TYPE {t.Name} AS ENUM ({t.Labels});\n",
            'c' => $"CREATE TYPE {t.Name} AS ({t.Attributes});\n",
            'r' => $"CREATE TYPE {t.Name} AS RANGE ({t.RangeOptions});\n",
            _ => $"CREATE DOMAIN {t.Name} AS {t.BaseType}{(t.Collation is null ? string.Empty : " COLLATE " + t.Collation)}{(t.NotNull ? " NOT NULL" : string.Empty)};\n",
        }));
        return types;
    }

    private async Task WriteDomainDefaultsAndConstraintsAsync(List<UserType> types)
    {
        var domains = types.Where(t => t.Kind == 'd').ToList();
        var constraints = await QueryAsync(Sql.DomainConstraints, r => $"ALTER DOMAIN {r.GetString(0)} ADD CONSTRAINT {r.GetString(1)} {r.GetString(2)};\n", ("types", domains.Select(d => d.Oid).ToArray()));
        await WriteSectionAsync("Domain defaults and constraints", domains.Where(d => d.Default is not null).Select(d => $"ALTER DOMAIN {d.Name} SET DEFAULT {d.Default};\n").Concat(constraints));
    }

    private async Task<Tables> WriteTablesAsync(List<Relation> relations, List<Sequence> sequences)
    {
        var names = relations.ToDictionary(r => r.Oid, r => r.Name);
        var oids = relations.Where(r => r.Kind is 'r' or 'p').Select(r => r.Oid).ToArray();
        var rows = (await QueryAsync(Sql.Tables, r => new Table(
            r.GetFieldValue<uint>(0), string.Empty, r.GetString(1)[0], r.GetBoolean(2), Text(r, 3), Text(r, 4), Text(r, 5), r.GetBoolean(6), r.GetBoolean(7),
            r.GetString(8)[0], r.GetFieldValue<uint[]>(9), Text(r, 10)), ("tables", oids))).ToDictionary(t => t.Oid);
        var inNameOrder = oids.Select(oid => rows[oid] with { Name = names[oid] }).ToList();
        var ordered = DependencyOrder.Sort(inNameOrder, t => t.Oid, inNameOrder.SelectMany(t => t.Parents.Select(p => (t.Oid, Parent: p))).ToLookup(d => d.Oid, d => d.Parent));
        var columns = (await QueryAsync(Sql.Columns, ReadColumn, ("tables", oids))).ToLookup(c => c.Table);
        var checks = (await QueryAsync(Sql.CheckConstraints, r => (Table: r.GetFieldValue<uint>(0), Name: r.GetString(1), Definition: r.GetString(2), Valid: r.GetBoolean(3)), ("tables", oids))).ToList();
        var identities = sequences.Where(s => s.OwnerKind == 'i').ToDictionary(s => (s.OwnerOid, s.OwnerAttnum));

        var inlineChecks = checks.Where(c => c.Valid).ToLookup(c => c.Table, c => $"CONSTRAINT {c.Name} {c.Definition}");
        // A child copies its parent's defaults when it is created: each table's own settings follow it at once.
        await WriteSectionAsync("Tables", ordered.Select(t => CreateTable(t, columns[t.Oid], inlineChecks[t.Oid], identities) + string.Concat(ColumnSettings(t, columns[t.Oid]))));

        var copyColumns = (await QueryAsync(Sql.CopyColumns, r => (Table: r.GetFieldValue<uint>(0), Columns: r.GetString(1)), ("tables", oids))).ToDictionary(c => c.Table, c => c.Columns);
        var notValidChecks = checks.Where(c => !c.Valid).Select(c => $"ALTER TABLE {names[c.Table]} ADD CONSTRAINT {c.Name} {c.Definition};\n").ToList();
        return new Tables(ordered, copyColumns, notValidChecks);
    }

    private static string CreateTable(Table table, IEnumerable<Column> columns, IEnumerable<string> checks, Dictionary<(uint, short), Sequence> identities)
    {
        var sql = new StringBuilder("CREATE ").Append(table.Unlogged ? "UNLOGGED " : string.Empty).Append("TABLE ").Append(table.Name);
        if (table.PartitionBound is not null)
        {
            var constraints = checks.ToList();
            sql.Append(" PARTITION OF ").Append(table.ParentNames);
            if (constraints.Count > 0)
            {
                sql.Append(" (\n    ").AppendJoin(",\n    ", constraints).Append("\n)");
            }

            sql.Append('\n').Append(table.PartitionBound);
        }
        else
        {
            var elements = columns.Where(c => c.IsLocal).Select(c => ColumnDefinition(c, identities)).Concat(checks).ToList();
            sql.Append(" (").Append(elements.Count == 0 ? string.Empty : "\n    ").AppendJoin(",\n    ", elements).Append("\n)");
            if (table.ParentNames is not null)
            {
                sql.Append("\nINHERITS (").Append(table.ParentNames).Append(')');
            }
        }

        if (table.PartitionKey is not null)
        {
            sql.Append("\nPARTITION BY ").Append(table.PartitionKey);
        }

        if (!string.IsNullOrEmpty(table.Options))
        {
            sql.Append("\nWITH (").Append(table.Options).Append(')');
        }

        return sql.Append(";\n\n").ToString();
    }

    private static string ColumnDefinition(Column column, Dictionary<(uint, short), Sequence> identities)
    {
        var sql = new StringBuilder(column.Name).Append(' ').Append(column.Type);
        if (column.Collation is not null)
        {
            sql.Append(" COLLATE ").Append(column.Collation);
        }

        if (column.Generated == 's')
        {
            sql.Append(" GENERATED ALWAYS AS (").Append(column.Default).Append(") STORED");
        }
        else if (column.Identity is 'a' or 'd')
        {
            sql.Append(column.Identity == 'a' ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY");
            if (identities.TryGetValue((column.Table, column.Number), out var sequence))
            {
                sql.Append(" (SEQUENCE NAME ").Append(sequence.Name).Append(' ').Append(SequenceOptions(sequence)).Append(')');
            }
        }
        else if (column.Default is not null)
        {
            sql.Append(" DEFAULT ").Append(column.Default);
        }

        return (column.NotNull ? sql.Append(" NOT NULL") : sql).ToString();
    }

    // Inherited columns (all of a partition's) take their parent's default and NOT NULL; only differences are written.
    private static IEnumerable<string> ColumnSettings(Table table, IEnumerable<Column> columns)
    {
        foreach (var column in columns)
        {
            var alter = $"ALTER TABLE ONLY {table.Name} ALTER COLUMN {column.Name}";
            if ((table.PartitionBound is not null || !column.IsLocal) && column.Generated == '\0' && column.Identity == '\0')
            {
                if (column.Default != column.ParentDefault)
                {
                    yield return column.Default is null ? $"{alter} DROP DEFAULT;\n" : $"{alter} SET DEFAULT {column.Default};\n";
                }

                if (column.NotNull && !column.ParentNotNull)
                {
                    yield return $"{alter} SET NOT NULL;\n";
                }
            }

            if (column.StatisticsTarget is { } target)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{alter} SET STATISTICS {target};\n");
            }

            if (column.Storage is { } storage)
            {
                yield return $"{alter} SET STORAGE {storage switch { 'p' => "PLAIN", 'e' => "EXTERNAL", 'm' => "MAIN", _ => "EXTENDED" }};\n";
            }
        }
    }

    // Views, materialized views (created empty) and functions that use tables, ordered by what each reads.
    private async Task<Late> WriteViewsAndLateFunctionsAsync(List<Relation> relations, List<Function> functions)
    {
        var names = relations.ToDictionary(r => r.Oid, r => r.Name);
        var viewOids = relations.Where(r => r.Kind is 'v' or 'm').Select(r => r.Oid).ToArray();
        var views = (await QueryAsync(Sql.Views, r => new View(r.GetFieldValue<uint>(0), string.Empty, r.GetString(1)[0], r.GetString(2), Text(r, 3), r.GetBoolean(4)), ("views", viewOids)))
            .ToDictionary(v => v.Oid);
        var functionOids = functions.Select(f => f.Oid).ToArray();
        var edges = (await QueryAsync(
                Sql.LateDependencies,
                r => (From: Node(r.GetInt32(0), r.GetFieldValue<uint>(1)), To: Node(r.GetInt32(2), r.GetFieldValue<uint>(3))),
                ("views", viewOids),
                ("functions", functionOids)))
            .ToLookup(e => e.From, e => e.To);
        var nodes = viewOids.Select(oid => (Key: Node(1, oid), View: (View?)(views[oid] with { Name = names[oid] }), Function: (Function?)null))
            .Concat(functions.Select(f => (Key: Node(2, f.Oid), View: (View?)null, Function: (Function?)f)))
            .ToList();
        var ordered = DependencyOrder.Sort(nodes, n => n.Key, edges);
        await WriteSectionAsync("Views, materialized views and the functions that read tables", ordered.Select(n => n.View is { } view ? CreateView(view) : Statement(n.Function!.Definition)));
        return new Late(ordered.Where(n => n.View is not null).Select(n => n.View!).ToList());
    }

    private static string CreateView(View view)
    {
        var with = string.IsNullOrEmpty(view.Options) ? string.Empty : $" WITH ({view.Options})";
        var query = view.Definition.TrimEnd().TrimEnd(';');
        return view.Kind == 'm'
            ? $"CREATE MATERIALIZED VIEW {view.Name}{with} AS\n{query}\n  WITH NO DATA;\n\n"
            : $"CREATE VIEW {view.Name}{with} AS\n{query};\n\n";
    }

    // The server escapes the rows (COPY text format); they go to the output as they arrive, a buffer at a time, each
    // line (one row) hashed into the table's checksum on the way.
    private async Task<DumpedTable> CopyTableAsync(Relation table, string? columns)
    {
        var list = columns is null ? string.Empty : $" ({columns})";
        await WriteAsync($"COPY {table.Name}{list} FROM stdin;\n");
        var checksum = new TableChecksum();
        long start = _out.BytesWritten, reported = 0;
        using (var reader = await _connection.BeginTextExportAsync($"COPY {table.Name}{list} TO STDOUT", _cancellationToken))
        {
            if (reader is NpgsqlCopyTextReader copy)
            {
                copy.Timeout = (int)Math.Min(int.MaxValue, _options.CommandTimeout.TotalMilliseconds);
            }

            int read;
            while ((read = await reader.ReadAsync(_buffer.AsMemory(), _cancellationToken)) > 0)
            {
                await _out.WriteAsync(_buffer.AsMemory(0, read), checksum);
                if (_out.BytesWritten - start - reported >= ProgressEveryBytes)
                {
                    reported = _out.BytesWritten - start;
                    _options.Progress?.Report(new DumpProgress(table.Name, checksum.Rows, reported, false, _out.BytesWritten));
                }
            }
        }

        var bytes = _out.BytesWritten - start;
        await WriteAsync("\\.\n\n");
        _options.Progress?.Report(new DumpProgress(table.Name, checksum.Rows, bytes, true, _out.BytesWritten));
        return new DumpedTable(table.Name, checksum.Rows, bytes, checksum.Value);
    }

    // Sequences are not transactional: their values are read after the rows, so they are never behind the data.
    private async Task WriteSequenceValuesAsync(List<Sequence> sequences)
    {
        var values = new List<string>();
        foreach (var batch in sequences.Chunk(SequenceBatch))
        {
            var sql = string.Join("\nUNION ALL ", batch.Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"SELECT {i}, last_value, is_called FROM {s.Name}")));
            var rows = await QueryAsync(sql, r => (Index: r.GetInt32(0), LastValue: r.GetInt64(1), IsCalled: r.GetBoolean(2)));
            values.AddRange(rows.OrderBy(r => r.Index).Select(r => string.Create(
                CultureInfo.InvariantCulture, $"SELECT pg_catalog.setval({Literal(batch[r.Index].Name)}, {r.LastValue}, {(r.IsCalled ? "true" : "false")});\n")));
        }

        await WriteSectionAsync("Sequence values", values);
    }

    private async Task<uint[]> WritePostDataAsync(Tables tables, Late late, uint[] relationOids)
    {
        var tableOids = tables.Ordered.Select(t => t.Oid).ToArray();
        var position = relationOids.Select((oid, i) => (oid, i)).ToDictionary(p => p.oid, p => p.i);
        var depth = new Dictionary<uint, int>();
        foreach (var table in tables.Ordered)
        {
            depth[table.Oid] = table.Parents.Select(p => depth.GetValueOrDefault(p) + 1).DefaultIfEmpty(0).Max();
        }

        var relationNames = tables.Ordered.Select(t => (t.Oid, t.Name)).Concat(late.Views.Select(v => (v.Oid, v.Name))).ToDictionary(p => p.Oid, p => p.Name);
        var indexes = (await QueryAsync(Sql.Indexes, ReadIndex, ("relations", relationOids))).OrderBy(i => position[i.Table]).ToList();
        await WriteSectionAsync("Constraints and indexes", indexes.Select(i => i.ConstraintName is null
            ? Statement(i.IndexDefinition!)
            : $"ALTER TABLE ONLY {relationNames[i.Table]} ADD CONSTRAINT {i.ConstraintName} {i.ConstraintDefinition};\n"));
        await WriteSectionAsync("Partition indexes", indexes.Where(i => i.Parent is not null).OrderByDescending(i => depth.GetValueOrDefault(i.Table))
            .Select(i => $"ALTER INDEX {i.Parent} ATTACH PARTITION {i.Name};\n"));
        await WriteSectionAsync("Clustering and replica identity", indexes.Where(i => i.Clustered).Select(i => $"ALTER TABLE ONLY {relationNames[i.Table]} CLUSTER ON {i.ShortName};\n")
            .Concat(tables.Ordered.Select(t => t.ReplicaIdentity switch
            {
                'f' => $"ALTER TABLE ONLY {t.Name} REPLICA IDENTITY FULL;\n",
                'n' => $"ALTER TABLE ONLY {t.Name} REPLICA IDENTITY NOTHING;\n",
                'i' => indexes.Where(i => i.Table == t.Oid && i.ReplicaIdentity).Select(i => $"ALTER TABLE ONLY {t.Name} REPLICA IDENTITY USING INDEX {i.ShortName};\n").FirstOrDefault(),
                _ => null,
            }).OfType<string>()));
        await WriteSectionAsync("Check constraints not yet validated", tables.NotValidChecks);

        var foreignKeys = await QueryAsync(Sql.ForeignKeys, r => $"ALTER TABLE {(r.GetString(1) == "p" ? string.Empty : "ONLY ")}{r.GetString(0)} ADD CONSTRAINT {r.GetString(2)} {r.GetString(3)};\n", ("tables", tableOids));
        await WriteSectionAsync("Foreign keys", foreignKeys);

        var triggers = await QueryAsync(Sql.Triggers, r => Statement(r.GetString(2)) + (r.GetString(3) switch
        {
            "D" => $"ALTER TABLE {r.GetString(0)} DISABLE TRIGGER {r.GetString(1)};\n",
            "R" => $"ALTER TABLE {r.GetString(0)} ENABLE REPLICA TRIGGER {r.GetString(1)};\n",
            "A" => $"ALTER TABLE {r.GetString(0)} ENABLE ALWAYS TRIGGER {r.GetString(1)};\n",
            _ => string.Empty,
        }), ("relations", relationOids));
        await WriteSectionAsync("Triggers", triggers);
        await WriteSectionAsync("Rules", await QueryAsync(Sql.Rules, r => Statement(r.GetString(0)), ("relations", relationOids)));

        var security = tables.Ordered.Where(t => t.RowSecurity).Select(t => $"ALTER TABLE {t.Name} ENABLE ROW LEVEL SECURITY;\n")
            .Concat(tables.Ordered.Where(t => t.ForceRowSecurity).Select(t => $"ALTER TABLE {t.Name} FORCE ROW LEVEL SECURITY;\n"));
        var policies = await QueryAsync(Sql.Policies, ReadPolicy, ("tables", tableOids));
        await WriteSectionAsync("Row-level security", security.Concat(policies));
        await WriteSectionAsync("Statistics objects", await QueryAsync(Sql.StatisticsObjects, r => Statement(r.GetString(0)), ("tables", tableOids)));
        return indexes.Select(i => i.Oid).ToArray();
    }

    private async Task WriteCommentsAsync(uint[] relations, uint[] others, uint[] types, uint[] functions)
    {
        var comments = await QueryAsync(Sql.Comments, r => r.GetString(0) + "\n", ("relations", relations), ("others", others), ("types", types), ("functions", functions));
        await WriteSectionAsync("Comments", comments);
    }

    private static string ReadPolicy(DbDataReader r)
    {
        var command = r.GetString(3) switch { "r" => "SELECT", "a" => "INSERT", "w" => "UPDATE", "d" => "DELETE", _ => "ALL" };
        var sql = new StringBuilder($"CREATE POLICY {r.GetString(1)} ON {r.GetString(0)} AS {(r.GetBoolean(2) ? "PERMISSIVE" : "RESTRICTIVE")} FOR {command} TO {r.GetString(4)}");
        if (Text(r, 5) is { } qual)
        {
            sql.Append(" USING (").Append(qual).Append(')');
        }

        if (Text(r, 6) is { } check)
        {
            sql.Append(" WITH CHECK (").Append(check).Append(')');
        }

        return sql.Append(";\n").ToString();
    }

    private static Sequence ReadSequence(DbDataReader r) => new(
        r.GetFieldValue<uint>(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetBoolean(8), r.GetBoolean(9),
        Text(r, 10) is { } kind ? kind[0] : '\0', Text(r, 11), Text(r, 12), r.IsDBNull(13) ? 0 : r.GetFieldValue<uint>(13), r.IsDBNull(14) ? (short)0 : r.GetInt16(14));

    private static Column ReadColumn(DbDataReader r) => new(
        r.GetFieldValue<uint>(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), r.GetBoolean(4), Flag(r.GetString(5)), Flag(r.GetString(6)), Text(r, 7), Text(r, 8),
        Text(r, 9), r.GetBoolean(10), r.IsDBNull(11) ? null : r.GetInt32(11), Text(r, 12) is { } storage ? storage[0] : null, r.GetInt16(13));

    private static Index ReadIndex(DbDataReader r) => new(
        r.GetFieldValue<uint>(0), r.GetString(1), r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6), r.GetBoolean(7), r.GetBoolean(8), r.GetFieldValue<uint>(9));

    private static string CreateSequence(Sequence s) =>
        $"CREATE {(s.Unlogged ? "UNLOGGED " : string.Empty)}SEQUENCE {s.Name} AS {s.Type} {SequenceOptions(s)};\n";

    private static string SequenceOptions(Sequence s) => string.Create(
        CultureInfo.InvariantCulture,
        $"START WITH {s.Start} INCREMENT BY {s.Increment} MINVALUE {s.Min} MAXVALUE {s.Max} CACHE {s.Cache}{(s.Cycle ? " CYCLE" : " NO CYCLE")}");

    private static ulong Node(int kind, uint oid) => ((ulong)kind << 32) | oid;

    private static char Flag(string value) => value.Length == 0 ? '\0' : value[0];

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    // pg_get_*def output, with or without its own semicolon, as one statement.
    private static string Statement(string definition) => definition.TrimEnd().TrimEnd(';') + ";\n\n";

    // A string literal under standard_conforming_strings = on, which the dump's header sets.
    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private Task WriteSectionAsync(string title, IEnumerable<string> statements) => _out.WriteSectionAsync(title, statements);

    private Task WriteAsync(string text) => _out.WriteAsync(text).AsTask();

    private async Task ExecuteAsync(string sql)
    {
        await using var command = Command(sql);
        await command.ExecuteNonQueryAsync(_cancellationToken);
    }

    // Parameters are OID arrays: the objects a query is about.
    private async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, params (string Name, uint[] Oids)[] parameters)
    {
        await using var command = Command(sql);
        foreach (var (name, oids) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Oid) { Value = oids });
        }

        await using var reader = await command.ExecuteReaderAsync(_cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(_cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private NpgsqlCommand Command(string sql) =>
        new(sql, _connection) { CommandTimeout = (int)Math.Min(int.MaxValue, Math.Ceiling(_options.CommandTimeout.TotalSeconds)) };

    private sealed record Relation(uint Oid, string Name, char Kind);

    private sealed record Function(uint Oid, string Definition, bool Late);

    private sealed record UserType(uint Oid, string Name, char Kind, string? Labels, string? BaseType, string? Collation, bool NotNull, string? Default, string? Attributes, string? RangeOptions);

    private sealed record Sequence(
        uint Oid, string Name, string Type, long Start, long Increment, long Min, long Max, long Cache, bool Cycle, bool Unlogged,
        char OwnerKind, string? OwnerTable, string? OwnerColumn, uint OwnerOid, short OwnerAttnum);

    private sealed record Table(
        uint Oid, string Name, char Kind, bool Unlogged, string? PartitionKey, string? PartitionBound, string? Options, bool RowSecurity, bool ForceRowSecurity,
        char ReplicaIdentity, uint[] Parents, string? ParentNames);

    private sealed record Column(
        uint Table, string Name, string Type, bool NotNull, bool IsLocal, char Identity, char Generated, string? Default, string? Collation,
        string? ParentDefault, bool ParentNotNull, int? StatisticsTarget, char? Storage, short Number);

    private sealed record Tables(List<Table> Ordered, Dictionary<uint, string> CopyColumns, List<string> NotValidChecks);

    private sealed record View(uint Oid, string Name, char Kind, string Definition, string? Options, bool Populated);

    private sealed record Late(List<View> Views);

    private sealed record Index(
        uint Table, string ShortName, string Name, string? ConstraintName, string? ConstraintDefinition, string? IndexDefinition, string? Parent,
        bool Clustered, bool ReplicaIdentity, uint Oid);
}
