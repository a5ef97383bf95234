namespace Runbook.Testing;

/// <summary>
/// The MariaDB counterpart of <see cref="RichSchema"/>: every column type family and the values dumpers get wrong (NULL
/// against empty text, unicode and emoji, tabs / newlines / backslashes / quotes / NUL, every byte value, DECIMAL(65,30),
/// BIGINT and UNSIGNED extremes, FLOAT / DOUBLE extremes, DATETIME(6) and zero dates, JSON, ENUM / SET, BIT, UUID /
/// INET6), generated (VIRTUAL and STORED) and invisible columns, mixed-case and reserved-word names, a uuid as
/// BINARY(16), a foreign key whose target sorts after it, a view on a view, a sequence, a function and a procedure
/// created under a non-default sql_mode, triggers that fire in an order other than their names', an event, comments, and
/// AUTO_INCREMENT advanced past the largest id.
/// </summary>
public static class RichSchemaMySql
{
    /// <summary>
    /// The script that builds it in an empty database, through MySqlConnector (one batch; the connection needs
    /// <c>AllowUserVariables=true</c>). It sets and resets the session's sql_mode.
    /// </summary>
    public const string Sql = """"
        -- A foreign key whose target sorts after it: a_orders -> z_customers
        CREATE TABLE z_customers (
            id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
            email VARCHAR(190) NOT NULL COMMENT 'where to write',
            name VARCHAR(100) COLLATE utf8mb4_bin NOT NULL,
            created DATETIME(6) NOT NULL DEFAULT '2000-01-01 00:00:00.000000',
            UNIQUE KEY z_customers_email (email)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='people who buy';
        CREATE TABLE a_orders (
            id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
            customer_id INT UNSIGNED NOT NULL,
            quantity INT NOT NULL CHECK (quantity > 0),
            unit_price DECIMAL(12,2) NOT NULL,
            total DECIMAL(24,2) AS (quantity * unit_price) STORED,
            doubled INT AS (quantity * 2) VIRTUAL,
            note VARCHAR(40) INVISIBLE DEFAULT 'hidden',
            stamp VARCHAR(40) NULL,
            KEY a_orders_total (total),
            CONSTRAINT a_orders_customer FOREIGN KEY (customer_id) REFERENCES z_customers (id) ON DELETE CASCADE ON UPDATE RESTRICT
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='orders; the foreign key''s target sorts after it';
        INSERT INTO z_customers (email, name) VALUES ('ann@example.com', 'Ann'), ('bob@example.com', 'Bob'), ('cy@example.com', 'Çy 😀');
        INSERT INTO a_orders (customer_id, quantity, unit_price, note) VALUES (1, 2, 9.99, 'seen'), (1, 1, 100.00, NULL), (3, 7, 0.01, DEFAULT), (2, 1, 5.00, 'gone');
        DELETE FROM a_orders WHERE id = 4;
        ALTER TABLE z_customers AUTO_INCREMENT = 1000;

        -- Every kind of value
        CREATE TABLE samples (
            id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
            i1 TINYINT, i1u TINYINT UNSIGNED, i2 SMALLINT, i3 MEDIUMINT UNSIGNED, i4 INT, i8 BIGINT, i8u BIGINT UNSIGNED, flag BOOLEAN,
            d65 DECIMAL(65,30), d0 DECIMAL(10,0) UNSIGNED, f4 FLOAT, f4md FLOAT(7,3), f8 DOUBLE,
            b64 BIT(64), b1 BIT(1), b5 BIT(5),
            c CHAR(10), c36 CHAR(36), v VARCHAR(255), t TEXT, lt LONGTEXT, latin VARCHAR(50) CHARACTER SET latin1,
            bin BINARY(16), vbin VARBINARY(300), bl BLOB, lbl LONGBLOB,
            dt DATE, tm TIME(6), dtm DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, yr YEAR,
            js JSON, en ENUM('a', 'b', 'c d', 'É'), st SET('x', 'y', 'z'),
            pt POINT NULL, uu UUID, ip INET6
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
        INSERT INTO samples (i1, i1u, i2, i3, i4, i8, i8u, flag, d65, d0, f4, f4md, f8, b64, b1, b5, c, c36, v, t, lt, latin, bin, vbin, bl, lbl, dt, tm, dtm, ts, yr, js, en, st, pt, uu, ip) VALUES
            (127, 255, 32767, 16777215, 2147483647, 9223372036854775807, 18446744073709551615, TRUE,
             99999999999999999999999999999999999.999999999999999999999999999999, 9999999999, 3.4028234663852886e38, 9999.999, 1.7976931348623157e308,
             b'1111111111111111111111111111111111111111111111111111111111111111', b'1', b'10101',
             'abc', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'plain', 'text', 'long text', 'Zürich',
             UNHEX('A0EEBC999C0B4EF8BB6D6BB9BD380A11'), 0x00FF00, 0x01, 0x02,
             '9999-12-31', '838:59:59.000000', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', 2155,
             '{"k": "v", "n": [1, 2.50, null, true], "emoji": "😀", "q": "a\\"b"}', 'c d', 'x,z',
             ST_GeomFromText('POINT(1.5 -2.25)'), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2001:db8::ff00:42:8329'),
            (-128, 0, -32768, 0, -2147483648, -9223372036854775808, 0, FALSE,
             -99999999999999999999999999999999999.999999999999999999999999999999, 0, -3.4028234663852886e38, -9999.999, -1.7976931348623157e308,
             b'0', b'0', b'0',
             '', '', '', '', '', '',
             UNHEX('00000000000000000000000000000000'), '', '', '',
             '1000-01-01', '-838:59:59.000000', '1000-01-01 00:00:00.000000', '1970-01-01 00:00:01.000000', 1901,
             '[]', 'a', '',
             NULL, '00000000-0000-0000-0000-000000000000', '::'),
            (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (0, 0, 0, 0, 0, 0, 0, 0, 0.000000000000000000000000000001, 0, 1.401298464324817e-45, 0.001, 4.9406564584124654e-324,
             b'1', b'1', b'11111',
             CONCAT('tab', CHAR(9), 'here'), 'quote '' and " and \\ back', CONCAT('new', CHAR(10), 'line', CHAR(13), CHAR(10), 'crlf \\N \\0 ', CHAR(0 USING utf8mb4), ' nul ', CHAR(26 USING utf8mb4), ' ctrl-z'),
             '\\', '\'', 'é',
             NULL, NULL, NULL, NULL,
             '0000-00-00', '00:00:00.000001', '0000-00-00 00:00:00.000000', '2000-02-29 12:34:56.123456', 0,
             'null', 'É', 'y',
             NULL, NULL, '::1'),
            (1, 1, 1, 1, 1, 1, 1, 1, -0.000000000000000000000000000001, 1, 0.1, 0.1, 0.1e0 + 0.2e0,
             NULL, NULL, NULL,
             '😀', NULL, 'Unicode: 日本語 ελληνικά עברית 😀👍🏽 e' COLLATE utf8mb4_bin, CONCAT('𝄞 ', REPEAT('long ', 10000)), REPEAT('x', 300000), NULL,
             NULL, NULL, NULL, NULL,
             '2024-00-00', '-00:00:00.500000', '2024-02-29 00:00:00.000001', NULL, 2000,
             '"\\u00e9 \\ud83d\\ude00"', NULL, 'x,y,z',
             NULL, NULL, '::ffff:192.0.2.1'),
            (2, 2, 2, 2, 2, 2, 2, 2, 1.5, 2, 1e-10, 1, 1e-300, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        UPDATE samples SET bl = (SELECT UNHEX(GROUP_CONCAT(LPAD(HEX(seq), 2, '0') ORDER BY seq SEPARATOR '')) FROM seq_0_to_255) WHERE id = 1;
        UPDATE samples SET lbl = (SELECT UNHEX(GROUP_CONCAT(LPAD(HEX(255 - seq), 2, '0') ORDER BY seq SEPARATOR '')) FROM seq_0_to_255) WHERE id = 1;
        UPDATE samples SET vbin = UNHEX(REPEAT('5C27', 100)) WHERE id = 4;
        INSERT INTO samples (id, v) VALUES (1000, 'explicit id past the others');
        DELETE FROM samples WHERE id = 1000;

        -- Mixed-case and reserved-word names, a uuid as BINARY(16), a table with no primary key
        CREATE TABLE `Order` (
            `Id` BINARY(16) NOT NULL PRIMARY KEY,
            `select` VARCHAR(20) DEFAULT 'from',
            `Group By` INT,
            `back``tick` VARCHAR(5) COMMENT 'a `quoted` name',
            `from` INT INVISIBLE
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
        INSERT INTO `Order` (`Id`, `select`, `Group By`, `back``tick`, `from`) VALUES
            (UNHEX('0190A5B2C3D47E8F9A0B1C2D3E4F5061'), 'where', 1, '`', 7), (UNHEX('00000000000000000000000000000000'), NULL, NULL, NULL, NULL);
        CREATE TABLE no_key (a INT, b VARCHAR(10)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
        INSERT INTO no_key VALUES (1, 'dup'), (1, 'dup'), (NULL, NULL);
        CREATE TABLE empty_table (id INT PRIMARY KEY) ENGINE=InnoDB;

        -- Enough rows for several INSERT statements
        CREATE TABLE bulk (id INT PRIMARY KEY, payload VARCHAR(600) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
        INSERT INTO bulk SELECT seq, CONCAT(seq, ':', REPEAT('ab\'c\\d', 80)) FROM seq_1_to_6000;

        -- A sequence, used as a default
        CREATE SEQUENCE ticket_seq START WITH 100 INCREMENT BY 5 MINVALUE 100 MAXVALUE 1000000 CACHE 10 CYCLE;
        SELECT NEXTVAL(ticket_seq), NEXTVAL(ticket_seq);
        CREATE TABLE tickets (id BIGINT NOT NULL DEFAULT NEXTVAL(ticket_seq) PRIMARY KEY, label VARCHAR(10)) ENGINE=InnoDB;
        INSERT INTO tickets (label) VALUES ('one'), ('two');

        -- Views: a_top reads v_totals, which sorts after it
        CREATE VIEW v_totals AS SELECT customer_id, SUM(total) AS spent, COUNT(*) AS orders FROM a_orders GROUP BY customer_id;
        CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW a_top AS SELECT c.name, t.spent FROM v_totals t JOIN z_customers c ON c.id = t.customer_id WHERE t.spent > 1;
        CREATE VIEW `Order view` AS SELECT `select`, `back``tick` FROM `Order` WHERE `Group By` IS NOT NULL WITH CHECK OPTION;

        -- Routines under a non-default sql_mode: || concatenates and "..." quotes names
        SET @saved_mode = @@sql_mode;
        SET sql_mode = 'PIPES_AS_CONCAT,ANSI_QUOTES,NO_ENGINE_SUBSTITUTION';
        CREATE FUNCTION greet(who VARCHAR(50)) RETURNS VARCHAR(100) DETERMINISTIC COMMENT 'says hello'
            RETURN 'Hello, ' || who || '!';
        CREATE PROCEDURE "count orders"(IN customer INT UNSIGNED, OUT n INT)
            SQL SECURITY INVOKER
        BEGIN
            -- a comment; with semicolons;
            DECLARE done INT DEFAULT 0;
            SELECT COUNT(*) INTO n FROM "a_orders" WHERE customer_id = customer;
            SET done = 1;
        END;
        SET sql_mode = 'STRICT_ALL_TABLES';
        CREATE TRIGGER a_orders_z BEFORE INSERT ON a_orders FOR EACH ROW SET NEW.stamp = CONCAT(IFNULL(NEW.stamp, ''), 'z;');
        CREATE TRIGGER a_orders_a BEFORE INSERT ON a_orders FOR EACH ROW FOLLOWS a_orders_z SET NEW.stamp = CONCAT(IFNULL(NEW.stamp, ''), 'a;');
        CREATE TRIGGER z_customers_audit AFTER UPDATE ON z_customers FOR EACH ROW
        BEGIN
            IF NEW.email <> OLD.email THEN
                SET @changed = 1;
            END IF;
        END;
        SET sql_mode = @saved_mode;

        -- An event, whether or not the scheduler runs
        CREATE EVENT purge_empty ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 02:00:00' ON COMPLETION PRESERVE DISABLE COMMENT 'nightly'
            DO DELETE FROM empty_table WHERE id < 0;
        """";
}
