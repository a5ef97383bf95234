namespace Runbook.Testing;

/// <summary>
/// A PostgreSQL database with every kind of object the dump covers and the values dumpers get wrong: NULL against
/// empty text, unicode and emoji, tabs / newlines / backslashes, every byte value, numeric extremes, NaN and infinities,
/// infinite timestamps, arrays (uuid[] among them), JSON, mixed-case and reserved-word names, sequences advanced and
/// not yet called, identity columns after inserts, a foreign key whose target sorts after it, a view on a view,
/// materialized views, partitions, inheritance, a trigger, a rule, policies and comments.
/// </summary>
public static class RichSchema
{
    /// <summary>The script that builds it, for an empty database.</summary>
    public const string Sql = """"
        CREATE EXTENSION citext;
        CREATE SCHEMA app;
        CREATE SCHEMA "Mixed Case";
        COMMENT ON SCHEMA app IS 'the application''s schema';

        -- Types
        CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
        ALTER TYPE app.mood ADD VALUE 'meh' BEFORE 'ok';
        CREATE DOMAIN app.positive_int AS integer DEFAULT 1 NOT NULL CONSTRAINT positive CHECK (VALUE > 0);
        CREATE DOMAIN app.email AS public.citext CONSTRAINT has_at CHECK (VALUE ~ '@');
        CREATE TYPE app.address AS (street text, city text COLLATE "C", tags app.mood[]);
        CREATE TYPE app.float_range AS RANGE (subtype = float8, subtype_diff = float8mi);
        CREATE TYPE "Mixed Case"."Select" AS ENUM ('from', 'where');
        COMMENT ON TYPE app.mood IS 'how it feels';
        COMMENT ON DOMAIN app.positive_int IS 'one or more';
        COMMENT ON CONSTRAINT positive ON DOMAIN app.positive_int IS 'above zero';

        -- Functions and procedures
        CREATE FUNCTION app.is_even(n integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT n % 2 = 0 $$;
        CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := '2000-01-01 00:00:00+00';
            RETURN NEW;
        END
        $$;
        CREATE PROCEDURE app.noop(IN x integer) LANGUAGE plpgsql AS $$ BEGIN PERFORM x; END $$;
        CREATE FUNCTION app.double_it(n integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN n * 2;
        CREATE DOMAIN app.even_int AS integer CONSTRAINT even CHECK (app.is_even(VALUE));
        COMMENT ON FUNCTION app.is_even(integer) IS 'even?';
        COMMENT ON PROCEDURE app.noop(integer) IS 'does nothing';

        -- Sequences: advanced, not yet called, never used
        CREATE SEQUENCE app.ticket_seq AS bigint START WITH 100 INCREMENT BY 5 MINVALUE 100 MAXVALUE 1000000 CACHE 1 CYCLE;
        SELECT setval('app.ticket_seq', 250);
        CREATE SEQUENCE app.fresh_seq;
        SELECT setval('app.fresh_seq', 42, false);
        CREATE SEQUENCE app.unused_seq AS smallint;
        CREATE SEQUENCE "Mixed Case"."Odd ""quoted"" 'seq'";
        SELECT nextval('"Mixed Case"."Odd ""quoted"" ''seq''"');
        COMMENT ON SEQUENCE app.ticket_seq IS 'tickets';

        -- A foreign key whose target sorts after it: a_orders -> z_customers
        CREATE TABLE app.z_customers (
            id integer GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 10) PRIMARY KEY,
            email app.email UNIQUE,
            name text NOT NULL COLLATE "C",
            mood app.mood DEFAULT 'ok',
            address app.address,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz
        );
        CREATE TABLE app.a_orders (
            id bigserial PRIMARY KEY,
            customer_id integer NOT NULL REFERENCES app.z_customers (id) ON DELETE CASCADE,
            ticket bigint DEFAULT nextval('app.ticket_seq'),
            quantity app.positive_int,
            unit_price numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
            total numeric GENERATED ALWAYS AS (quantity * unit_price) STORED,
            even boolean GENERATED ALWAYS AS (app.is_even(quantity)) STORED,
            doubled integer DEFAULT app.double_it(2),
            CONSTRAINT qty_small CHECK (quantity < 1000000),
            CONSTRAINT price_sane CHECK (unit_price < 100000) NOT VALID
        ) WITH (fillfactor = 90);
        CREATE INDEX a_orders_customer ON app.a_orders (customer_id) WHERE customer_id > 0;
        CREATE UNIQUE INDEX a_orders_ticket ON app.a_orders (ticket DESC NULLS LAST);
        ALTER TABLE app.a_orders ALTER COLUMN unit_price SET STATISTICS 500;
        ALTER TABLE app.a_orders CLUSTER ON a_orders_ticket;
        CREATE STATISTICS app.orders_stats (dependencies) ON customer_id, ticket FROM app.a_orders;
        CREATE TRIGGER z_customers_touch BEFORE UPDATE ON app.z_customers FOR EACH ROW EXECUTE FUNCTION app.touch();
        CREATE TRIGGER z_customers_touch_off BEFORE UPDATE ON app.z_customers FOR EACH ROW EXECUTE FUNCTION app.touch();
        ALTER TABLE app.z_customers DISABLE TRIGGER z_customers_touch_off;
        COMMENT ON TABLE app.z_customers IS 'people who buy';
        COMMENT ON COLUMN app.z_customers.email IS 'where to write';
        COMMENT ON INDEX app.a_orders_customer IS 'orders by customer';
        COMMENT ON CONSTRAINT qty_small ON app.a_orders IS 'not too many';
        COMMENT ON TRIGGER z_customers_touch ON app.z_customers IS 'stamps the row';

        -- Row-level security
        ALTER TABLE app.a_orders ENABLE ROW LEVEL SECURITY;
        ALTER TABLE app.a_orders FORCE ROW LEVEL SECURITY;
        CREATE POLICY own_orders ON app.a_orders FOR SELECT TO PUBLIC USING (customer_id > 0);
        CREATE POLICY no_huge ON app.a_orders AS RESTRICTIVE FOR INSERT TO postgres WITH CHECK (unit_price < 50000);
        COMMENT ON POLICY own_orders ON app.a_orders IS 'everyone sees theirs';

        -- Every kind of value
        CREATE TABLE app.samples (
            id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            t text, v varchar(20), c char(3), b bytea,
            n numeric, f8 double precision, f4 real, i2 smallint, i8 bigint,
            ts timestamp, tstz timestamptz, d date, iv interval, tm time, tmtz timetz,
            u uuid, uuids uuid[], ints integer[], grid integer[][], texts text[],
            j json, jb jsonb, bits bit varying(8), ip inet, net cidr, mac macaddr, pt point, box box,
            r app.float_range, nr numrange, tsr tstzrange, flag boolean, tsv tsvector, m app.mood, addr app.address, even app.even_int
        );
        INSERT INTO app.samples (t, v, c, b, n, f8, f4, i2, i8, ts, tstz, d, iv, tm, tmtz, u, uuids, ints, grid, texts, j, jb, bits, ip, net, mac, pt, box, r, nr, tsr, flag, tsv, m, addr, even) VALUES
            ('plain', 'v', 'abc', '\x00', 0, 0, 0, 0, 0, '2024-02-29 12:34:56.123456', '2024-02-29 12:34:56.123456+05:30', '2024-02-29', '1 year 2 mons 3 days 04:05:06.789', '23:59:59.999999', '12:00+02',
             'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', ARRAY['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', NULL, '00000000-0000-0000-0000-000000000000']::uuid[], '{1,NULL,3}', '{{1,2},{3,4}}', '{"a,b","c\"d","e\\f",NULL,"NULL",""}',
             '{"k": "v", "n": [1, 2.50, null]}', '{"k": "v", "emoji": "😀", "nested": {"a": [true, false]}}', B'1010', '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', '(1.5,-2)', '((0,0),(1,1))',
             '[1.5,2.5)', '(,10]', '[2024-01-01 00:00:00+00,infinity)', true, 'a fat cat:1A sat', 'happy', ROW('1 Main St', 'Zürich', '{ok,happy}'), 4),
            ('', '', '   ', '', 'NaN', 'NaN', 'NaN', -32768, -9223372036854775808, 'infinity', '-infinity', 'infinity', '-178000000 years', '00:00', '00:00+00',
             NULL, '{}', '{}', NULL, '{}', 'null', '[]', B'', '::1', '::/0', '00:00:00:00:00:00', NULL, NULL, 'empty', 'empty', 'empty', false, '', 'sad', ROW(NULL, NULL, NULL), NULL),
            (NULL, NULL, NULL, NULL, 'Infinity', 'Infinity', 'Infinity', 32767, 9223372036854775807, '-infinity', 'infinity', '-infinity', '178000000 years', '24:00', '24:00-15:59', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (E'tab\there\nnew line\r\nCRLF \\ back\\slash \\N not null \\. end', E'\\', 'é', NULL, '-Infinity', '-Infinity', '-Infinity', 1, 1, '4713-01-01 00:00:00 BC', '294276-12-31 23:59:59.999999+00', '5874897-12-31', '-1 days +02:03', '00:00:00.000001', '01:02:03.456789-11',
             NULL, ARRAY[NULL]::uuid[], '{NULL}', NULL, '{"\\","\t","\n"}', '"\u00e9 \ud83d\ude00"', '"\u00e9 \ud83d\ude00"', NULL, NULL, NULL, NULL, NULL, NULL, '(-infinity,infinity)', '[-1e-100,1e100]', NULL, NULL, NULL, NULL, NULL, NULL),
            ('Unicode: 日本語 ελληνικά עברית 😀👍🏽 e\u0301 ﷽', 'ünï', '😀', NULL, 0.000000000000000000000000000001, 1.7976931348623157e308, 3.4028235e38, NULL, NULL, '2000-01-01', '2000-01-01 00:00:00+00', '2000-01-01', '0', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (repeat('long ', 20000), NULL, NULL, NULL, -0.000000000000000000000000000001, 5e-324, 1.4e-45, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (NULL, NULL, NULL, NULL, -0.0, -0.0, -0.0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        UPDATE app.samples SET b = (SELECT decode(string_agg(lpad(to_hex(i), 2, '0'), '' ORDER BY i), 'hex') FROM generate_series(0, 255) i) WHERE t = 'plain';
        UPDATE app.samples SET n = ('9' || repeat('9', 1000) || '.' || repeat('9', 16383))::numeric WHERE t = '';
        UPDATE app.samples SET n = ('-' || repeat('9', 1000))::numeric WHERE t IS NULL AND i2 = 32767;
        INSERT INTO app.samples (id, t) VALUES (1000, 'explicit id past the identity');
        CREATE RULE samples_keep_negative AS ON DELETE TO app.samples WHERE old.id < 0 DO INSTEAD NOTHING;
        COMMENT ON RULE samples_keep_negative ON app.samples IS 'never delete those';

        -- Mixed-case and reserved-word names
        CREATE TABLE "Mixed Case"."Order" (
            "Id" serial PRIMARY KEY,
            "select" text DEFAULT 'from',
            "Group" "Mixed Case"."Select",
            "from" integer CHECK ("from" > 0),
            "user" text COLLATE "POSIX"
        );
        CREATE UNIQUE INDEX "Order ""Index""" ON "Mixed Case"."Order" (lower("select"), "Group");
        COMMENT ON COLUMN "Mixed Case"."Order"."select" IS 'a reserved word';

        -- Partitions, with a sub-partitioned one, a default partition and a foreign key
        CREATE TABLE app.events (
            id bigint NOT NULL,
            happened_at timestamptz NOT NULL,
            kind text NOT NULL DEFAULT 'info',
            customer_id integer REFERENCES app.z_customers (id),
            payload jsonb,
            PRIMARY KEY (id, happened_at, kind)
        ) PARTITION BY RANGE (happened_at);
        CREATE INDEX events_kind ON app.events (kind);
        CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE app.events_2025 PARTITION OF app.events (kind DEFAULT 'audit', CONSTRAINT kind_known CHECK (kind <> '')) FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (kind);
        CREATE TABLE app.events_2025_audit PARTITION OF app.events_2025 FOR VALUES IN ('audit', 'security');
        CREATE TABLE app.events_2025_other PARTITION OF app.events_2025 DEFAULT;
        CREATE TABLE app.events_rest PARTITION OF app.events DEFAULT;
        CREATE TRIGGER events_touch BEFORE UPDATE ON app.events FOR EACH ROW EXECUTE FUNCTION app.touch();
        COMMENT ON TABLE app.events IS 'partitioned by year';

        -- Inheritance
        CREATE TABLE app.vehicles (id integer PRIMARY KEY, wheels integer NOT NULL DEFAULT 4 CHECK (wheels >= 0), note text);
        CREATE TABLE app.cars (doors integer DEFAULT 5, note text NOT NULL DEFAULT 'car') INHERITS (app.vehicles);
        ALTER TABLE ONLY app.cars ALTER COLUMN wheels SET DEFAULT 3;

        -- Exclusion constraint, deferrable unique constraint, unlogged table
        CREATE TABLE app.bookings (
            room integer NOT NULL,
            during tsrange NOT NULL,
            code text,
            EXCLUDE USING gist (during WITH &&),
            CONSTRAINT bookings_code UNIQUE (code) DEFERRABLE INITIALLY DEFERRED
        );
        CREATE UNLOGGED TABLE app.scratch (k text PRIMARY KEY, v text);
        ALTER TABLE app.scratch REPLICA IDENTITY FULL;

        -- Rows
        INSERT INTO app.z_customers (email, name, mood, address) VALUES
            ('ann@example.com', 'Ann', 'happy', ROW('1 Main St', 'Oslo', '{happy}')),
            ('BOB@example.com', 'Bob', 'meh', NULL),
            (NULL, 'Zoë 😀', DEFAULT, ROW(NULL, E'new\nline', '{}'));
        INSERT INTO app.a_orders (customer_id, quantity, unit_price) VALUES (10, 2, 9.99), (10, 3, 0), (20, 1, 1234.5), (30, 7, 0.01);
        INSERT INTO app.a_orders (customer_id, ticket, quantity, unit_price) VALUES (20, NULL, 1, 1);
        UPDATE app.z_customers SET name = name || '!' WHERE id = 20;
        INSERT INTO app.events (id, happened_at, kind, customer_id, payload) VALUES
            (1, '2024-03-01', 'info', 10, '{"a": 1}'),
            (2, '2025-03-01', 'audit', NULL, NULL),
            (3, '2025-04-01', 'other', 20, '[]'),
            (4, '2030-01-01', 'info', NULL, '{"far": "future"}');
        INSERT INTO app.events (id, happened_at) VALUES (5, '2025-05-05');
        INSERT INTO app.vehicles (id, wheels) VALUES (1, 2), (2, 18);
        INSERT INTO app.cars (id, doors) VALUES (3, 3), (4, DEFAULT);
        INSERT INTO app.bookings VALUES (1, '[2024-01-01 10:00, 2024-01-01 11:00)', 'A'), (2, '[2024-01-01 11:00, 2024-01-01 12:00)', NULL);
        INSERT INTO app.scratch VALUES ('k', 'v');
        INSERT INTO "Mixed Case"."Order" ("Group", "from", "user") VALUES ('from', 1, 'x'), ('where', 2, NULL);
        INSERT INTO "Mixed Case"."Order" ("select", "Group", "from") VALUES (NULL, NULL, 3);

        -- Views: a view on a view, a check option, materialized views with and without data, and a SQL-standard
        -- function that reads a table, used by a view
        CREATE FUNCTION app.customer_count() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM app.z_customers; END;
        CREATE FUNCTION app.orders_of(customer integer) RETURNS SETOF app.a_orders LANGUAGE sql STABLE AS $$ SELECT * FROM app.a_orders WHERE customer_id = customer $$;
        CREATE VIEW app.zz_customer_orders AS
            SELECT c.id, c.name, o.id AS order_id, o.total FROM app.z_customers c JOIN app.a_orders o ON o.customer_id = c.id;
        CREATE VIEW app.big_spenders (customer, spent) AS
            SELECT name, sum(total) FROM app.zz_customer_orders GROUP BY name HAVING sum(total) > 10;
        CREATE VIEW app.cheap_orders AS SELECT * FROM app.a_orders WHERE unit_price < 10 WITH CASCADED CHECK OPTION;
        CREATE VIEW app.stats AS SELECT app.customer_count() AS customers, (SELECT count(*) FROM app.orders_of(10)) AS ann_orders;
        CREATE MATERIALIZED VIEW app.order_totals AS SELECT customer, spent FROM app.big_spenders;
        CREATE UNIQUE INDEX order_totals_customer ON app.order_totals (customer);
        CREATE MATERIALIZED VIEW app.a_totals_of_totals AS SELECT count(*) AS n FROM app.order_totals;
        CREATE MATERIALIZED VIEW app.never_filled AS SELECT 1 AS one WITH NO DATA;
        COMMENT ON VIEW app.big_spenders IS 'view on a view';
        COMMENT ON MATERIALIZED VIEW app.order_totals IS 'refreshed at restore';
        COMMENT ON COLUMN app.big_spenders.spent IS 'sum of totals';

        ANALYZE;
        """";
}
