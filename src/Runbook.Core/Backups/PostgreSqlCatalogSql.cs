namespace Runbook.Backups;

/// <summary>
/// The catalog queries of <see cref="PostgreSqlDumper"/>. They run with <c>search_path</c> empty, so every name the
/// server prints (<c>regclass</c>, <c>format_type</c>, the <c>pg_get_*def</c> functions) comes schema-qualified and
/// quoted. Objects in system schemas and objects that belong to an extension (<c>pg_depend.deptype = 'e'</c>) are left out.
/// </summary>
internal static class PostgreSqlCatalogSql
{
    /// <summary>Schemas and extensions: plpgsql and the other built-in objects have OIDs below this.</summary>
    public const int FirstNormalObjectId = 16384;

    // One row per relation whose definition or data is dumped; the tables are locked from this list.
    public const string Relations = $"""
        SELECT c.oid, c.oid::regclass::text, c.relkind::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'm', 'v') AND {UserSchema} AND {NotInExtensionClass}
        ORDER BY n.nspname, c.relname
        """;

    public const string Schemas = $"""
        SELECT quote_ident(n.nspname)
        FROM pg_namespace n
        WHERE {UserSchema} AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')
        ORDER BY n.nspname
        """;

    public const string Extensions = """
        SELECT x.oid, quote_ident(x.extname), quote_ident(n.nspname),
               ARRAY(SELECT d.refobjid FROM pg_depend d
                     WHERE d.classid = 'pg_extension'::regclass AND d.objid = x.oid AND d.refclassid = 'pg_extension'::regclass)
        FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
        WHERE x.oid >= 16384
        ORDER BY x.extname
        """;

    // Enum, domain, composite and range types; {0} is the multirange name clause (PostgreSQL 14+) or NULL.
    public const string TypesFormat = $$"""
        SELECT t.oid, format_type(t.oid, NULL), t.typtype::text,
               (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid),
               CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
               CASE WHEN t.typtype = 'd' AND t.typcollation <> (SELECT b.typcollation FROM pg_type b WHERE b.oid = t.typbasetype)
                    THEN {{CollationName}}t.typcollation) END,
               t.typnotnull,
               pg_get_expr(t.typdefaultbin, 0),
               (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                                  || CASE WHEN a.attcollation <> at.typcollation THEN ' COLLATE ' || {{CollationName}}a.attcollation) ELSE '' END,
                                  ', ' ORDER BY a.attnum)
                FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
                WHERE t.typtype = 'c' AND a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped),
               (SELECT concat_ws(', ',
                           'SUBTYPE = ' || format_type(r.rngsubtype, NULL),
                           CASE WHEN NOT o.opcdefault THEN 'SUBTYPE_OPCLASS = ' || quote_ident(opn.nspname) || '.' || quote_ident(o.opcname) END,
                           CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN 'COLLATION = ' || {{CollationName}}r.rngcollation) END,
                           CASE WHEN r.rngcanonical <> 0 THEN 'CANONICAL = ' || r.rngcanonical::regproc::text END,
                           CASE WHEN r.rngsubdiff <> 0 THEN 'SUBTYPE_DIFF = ' || r.rngsubdiff::regproc::text END,
                           {0})
                FROM pg_range r JOIN pg_opclass o ON o.oid = r.rngsubopc JOIN pg_namespace opn ON opn.oid = o.opcnamespace
                     JOIN pg_type st ON st.oid = r.rngsubtype
                WHERE r.rngtypid = t.oid)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE {{UserSchema}} AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
          AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
        ORDER BY n.nspname, t.typname
        """;

    public const string MultirangeName = "'MULTIRANGE_TYPE_NAME = ' || format_type(r.rngmultitypid, NULL)";

    // Which types each type is built on (a domain's base, a composite's attributes, a range's subtype), arrays mapped to their element.
    public const string TypeDependencies = """
        SELECT t.oid, CASE WHEN rt.typlen = -1 AND rt.typelem <> 0 THEN rt.typelem ELSE rt.oid END
        FROM pg_type t
        JOIN pg_depend d ON ((d.classid = 'pg_type'::regclass AND d.objid = t.oid) OR (t.typrelid <> 0 AND d.classid = 'pg_class'::regclass AND d.objid = t.typrelid))
                        AND d.refclassid = 'pg_type'::regclass
        JOIN pg_type rt ON rt.oid = d.refobjid
        WHERE t.oid = ANY(@types)
        """;

    public const string DomainConstraints = """
        SELECT format_type(co.contypid, NULL), quote_ident(co.conname), pg_get_constraintdef(co.oid)
        FROM pg_constraint co
        WHERE co.contype = 'c' AND co.contypid = ANY(@types)
        ORDER BY 1, co.conname
        """;

    // Functions and procedures, except those a type made for itself (a range's constructors); "late" ones use a table, a view or a table's row type (SQL-standard bodies, RETURNS SETOF t)
    // and are created after the tables, in dependency order with the views.
    public const string Functions = $"""
        SELECT p.oid, pg_get_functiondef(p.oid),
               EXISTS (SELECT 1 FROM pg_depend d
                       LEFT JOIN pg_type rt ON d.refclassid = 'pg_type'::regclass AND rt.oid = d.refobjid
                       LEFT JOIN pg_class rc ON rc.oid = rt.typrelid
                       WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'n'
                         AND (d.refclassid = 'pg_class'::regclass OR rc.relkind IN ('r', 'p', 'v', 'm', 'f')))
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE {UserSchema} AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
          AND p.prokind IN ('f', 'p')
          AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass AND i.objid = p.oid AND i.deptype = 'i')
        ORDER BY n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
        """;

    public const string Sequences = $"""
        SELECT c.oid, c.oid::regclass::text, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
               c.relpersistence = 'u', d.deptype::text, d.refobjid::regclass::text, quote_ident(a.attname), d.refobjid, a.attnum
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
        LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
        LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE c.relkind = 'S' AND {UserSchema} AND {NotInExtensionClass}
        ORDER BY n.nspname, c.relname
        """;

    public const string Tables = """
        SELECT c.oid, c.relkind::text, c.relpersistence = 'u',
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
               CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
               array_to_string(c.reloptions, ', '),
               c.relrowsecurity, c.relforcerowsecurity, c.relreplident::text,
               ARRAY(SELECT i.inhparent FROM pg_inherits i WHERE i.inhrelid = c.oid ORDER BY i.inhseqno),
               (SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno) FROM pg_inherits i WHERE i.inhrelid = c.oid)
        FROM pg_class c
        WHERE c.oid = ANY(@tables)
        """;

    // Columns of tables; for an inherited column, the default and NOT NULL it would get from its (first) parent.
    public const string Columns = $$"""
        SELECT a.attrelid, quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attislocal,
               a.attidentity::text, a.attgenerated::text, pg_get_expr(ad.adbin, ad.adrelid),
               CASE WHEN a.attcollation <> t.typcollation THEN {{CollationName}}a.attcollation) END,
               CASE WHEN a.attinhcount > 0 THEN
                   (SELECT pg_get_expr(pd.adbin, pd.adrelid)
                    FROM pg_inherits i JOIN pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname AND NOT pa.attisdropped
                    LEFT JOIN pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum
                    WHERE i.inhrelid = a.attrelid ORDER BY i.inhseqno LIMIT 1) END,
               a.attinhcount > 0 AND EXISTS (
                   SELECT 1 FROM pg_inherits i JOIN pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
                   WHERE i.inhrelid = a.attrelid AND pa.attnotnull),
               NULLIF(a.attstattarget::int, -1),
               CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END,
               a.attnum
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE a.attrelid = ANY(@tables) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """;

    // Check constraints defined on the table itself (inherited ones come with the parent).
    public const string CheckConstraints = """
        SELECT co.conrelid, quote_ident(co.conname), pg_get_constraintdef(co.oid), co.convalidated
        FROM pg_constraint co
        WHERE co.contype = 'c' AND co.conislocal AND co.conrelid = ANY(@tables)
        ORDER BY co.conrelid, co.conname
        """;

    public const string Views = """
        SELECT c.oid, c.relkind::text, pg_get_viewdef(c.oid), array_to_string(c.reloptions, ', '), c.relispopulated
        FROM pg_class c
        WHERE c.oid = ANY(@views)
        """;

    // Edges among views, materialized views and late functions: 1 = relation, 2 = function.
    public const string LateDependencies = """
        SELECT 1, r.ev_class, CASE WHEN d.refclassid = 'pg_proc'::regclass THEN 2 ELSE 1 END, d.refobjid
        FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
        WHERE r.ev_class = ANY(@views) AND d.refclassid IN ('pg_class'::regclass, 'pg_proc'::regclass) AND d.refobjid <> r.ev_class
        UNION ALL
        SELECT 2, d.objid, CASE WHEN d.refclassid = 'pg_proc'::regclass THEN 2 ELSE 1 END,
               CASE WHEN d.refclassid = 'pg_type'::regclass THEN rt.typrelid ELSE d.refobjid END
        FROM pg_depend d LEFT JOIN pg_type rt ON d.refclassid = 'pg_type'::regclass AND rt.oid = d.refobjid
        WHERE d.classid = 'pg_proc'::regclass AND d.objid = ANY(@functions) AND d.deptype = 'n'
          AND (d.refclassid IN ('pg_class'::regclass, 'pg_proc'::regclass) OR rt.typrelid <> 0)
        """;

    // Copied columns of a table: generated columns are computed again on restore.
    public const string CopyColumns = """
        SELECT a.attrelid, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
        FROM pg_attribute a
        WHERE a.attrelid = ANY(@tables) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        GROUP BY a.attrelid
        """;

    // Every index of the dumped tables and materialized views, with the constraint it backs and its partitioned parent.
    public const string Indexes = """
        SELECT i.indrelid, quote_ident(ic.relname), i.indexrelid::regclass::text,
               quote_ident(co.conname), CASE WHEN co.oid IS NOT NULL THEN pg_get_constraintdef(co.oid) END,
               CASE WHEN co.oid IS NULL THEN pg_get_indexdef(i.indexrelid) END,
               (SELECT h.inhparent::regclass::text FROM pg_inherits h WHERE h.inhrelid = i.indexrelid),
               i.indisclustered, i.indisreplident, i.indexrelid
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
        LEFT JOIN pg_constraint co ON co.conindid = i.indexrelid AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x')
        WHERE i.indrelid = ANY(@relations)
        ORDER BY ic.relname
        """;

    // Foreign keys, except the copies PostgreSQL makes on partitions (conparentid), which the parent's constraint recreates.
    public const string ForeignKeys = """
        SELECT co.conrelid::regclass::text, c.relkind::text, quote_ident(co.conname), pg_get_constraintdef(co.oid)
        FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid
        WHERE co.contype = 'f' AND co.conparentid = 0 AND co.conrelid = ANY(@tables)
        ORDER BY 1, co.conname
        """;

    // User triggers, except the clones PostgreSQL makes on partitions (tgparentid).
    public const string Triggers = """
        SELECT t.tgrelid::regclass::text, quote_ident(t.tgname), pg_get_triggerdef(t.oid), t.tgenabled::text
        FROM pg_trigger t
        WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND t.tgrelid = ANY(@relations)
        ORDER BY 1, t.tgname
        """;

    // Rules, except the _RETURN rule that is a view's definition.
    public const string Rules = """
        SELECT pg_get_ruledef(r.oid)
        FROM pg_rewrite r
        WHERE r.rulename <> '_RETURN' AND r.ev_class = ANY(@relations)
        ORDER BY r.ev_class::regclass::text, r.rulename
        """;

    public const string Policies = """
        SELECT p.polrelid::regclass::text, quote_ident(p.polname), p.polpermissive, p.polcmd::text,
               CASE WHEN p.polroles = '{0}' THEN 'PUBLIC'
                    ELSE (SELECT string_agg(quote_ident(r.rolname), ', ' ORDER BY r.rolname) FROM pg_roles r WHERE r.oid = ANY(p.polroles)) END,
               pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
        FROM pg_policy p
        WHERE p.polrelid = ANY(@tables)
        ORDER BY 1, p.polname
        """;

    public const string StatisticsObjects = """
        SELECT pg_get_statisticsobjdef(s.oid)
        FROM pg_statistic_ext s
        WHERE s.stxrelid = ANY(@tables)
        ORDER BY 1
        """;

    // COMMENT statements, built by the server (format's %I and %L quote), for every kind of object the dump creates.
    public const string Comments = $$"""
        SELECT format('COMMENT ON %s %s IS %L;', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                                                 WHEN 'i' THEN 'INDEX' WHEN 'I' THEN 'INDEX' ELSE 'TABLE' END, c.oid::regclass, d.description)
        FROM pg_description d JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I') AND (c.oid = ANY(@relations) OR c.oid = ANY(@others))
        UNION ALL
        SELECT format('COMMENT ON COLUMN %s.%I IS %L;', c.oid::regclass, a.attname, d.description)
        FROM pg_description d JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
        WHERE d.objsubid > 0 AND (c.oid = ANY(@relations) OR c.reltype = ANY(@types))
        UNION ALL
        SELECT format('COMMENT ON %s %s IS %L;', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, format_type(t.oid, NULL), d.description)
        FROM pg_description d JOIN pg_type t ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid
        WHERE t.oid = ANY(@types)
        UNION ALL
        SELECT format('COMMENT ON %s %s IS %L;', CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, p.oid::regprocedure, d.description)
        FROM pg_description d JOIN pg_proc p ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid
        WHERE p.oid = ANY(@functions)
        UNION ALL
        SELECT format('COMMENT ON SCHEMA %I IS %L;', n.nspname, d.description)
        FROM pg_description d JOIN pg_namespace n ON d.classoid = 'pg_namespace'::regclass AND d.objoid = n.oid
        WHERE {{UserSchema}} AND NOT (n.nspname = 'public' AND d.description = 'standard public schema')
          AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')
        UNION ALL
        SELECT CASE WHEN co.contypid <> 0 THEN format('COMMENT ON CONSTRAINT %I ON DOMAIN %s IS %L;', co.conname, format_type(co.contypid, NULL), d.description)
                    ELSE format('COMMENT ON CONSTRAINT %I ON %s IS %L;', co.conname, co.conrelid::regclass, d.description) END
        FROM pg_description d JOIN pg_constraint co ON d.classoid = 'pg_constraint'::regclass AND d.objoid = co.oid
        WHERE co.conrelid = ANY(@relations) OR co.contypid = ANY(@types)
        UNION ALL
        SELECT format('COMMENT ON TRIGGER %I ON %s IS %L;', tg.tgname, tg.tgrelid::regclass, d.description)
        FROM pg_description d JOIN pg_trigger tg ON d.classoid = 'pg_trigger'::regclass AND d.objoid = tg.oid
        WHERE tg.tgrelid = ANY(@relations)
        UNION ALL
        SELECT format('COMMENT ON RULE %I ON %s IS %L;', r.rulename, r.ev_class::regclass, d.description)
        FROM pg_description d JOIN pg_rewrite r ON d.classoid = 'pg_rewrite'::regclass AND d.objoid = r.oid
        WHERE r.ev_class = ANY(@relations) AND r.rulename <> '_RETURN'
        UNION ALL
        SELECT format('COMMENT ON POLICY %I ON %s IS %L;', p.polname, p.polrelid::regclass, d.description)
        FROM pg_description d JOIN pg_policy p ON d.classoid = 'pg_policy'::regclass AND d.objoid = p.oid
        WHERE p.polrelid = ANY(@relations)
        ORDER BY 1
        """;

    private const string UserSchema =
        @"n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'";

    private const string NotInExtensionClass =
        "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')";

    // Opens "the qualified, quoted name of collation (": complete it with the collation's OID expression and ")".
    private const string CollationName =
        "(SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = ";
}
