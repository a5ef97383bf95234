-- The same small web shop on MySQL 8 / MariaDB 10.6+ (see postgresql.sql for the figures it yields).
-- Times are UTC, relative to UTC_TIMESTAMP(). A helper table of numbers stands in for generate_series.
CREATE TABLE seed_numbers (n INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
INSERT INTO seed_numbers (n)
SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d
FROM (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a
CROSS JOIN (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b
CROSS JOIN (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) c
CROSS JOIN (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) e
CROSS JOIN (SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6) f;

CREATE TABLE customers (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(255) NOT NULL UNIQUE,
    name VARCHAR(255) NOT NULL,
    created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB;
CREATE TABLE products (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    sku VARCHAR(32) NOT NULL UNIQUE,
    name VARCHAR(255) NOT NULL,
    price_cents INT NOT NULL,
    stock INT NOT NULL
) ENGINE=InnoDB;
CREATE TABLE orders (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    status VARCHAR(32) NOT NULL,
    total_cents INT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB;
CREATE TABLE order_items (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    order_id BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    quantity INT NOT NULL,
    price_cents INT NOT NULL,
    CONSTRAINT order_items_order FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT order_items_product FOREIGN KEY (product_id) REFERENCES products (id)
) ENGINE=InnoDB;
CREATE TABLE error_log (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    level VARCHAR(16) NOT NULL,
    message VARCHAR(1000) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    KEY error_log_created_at (created_at)
) ENGINE=InnoDB;
CREATE TABLE email_outbox (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    recipient VARCHAR(255) NOT NULL,
    subject VARCHAR(255) NOT NULL,
    body TEXT NOT NULL,
    status VARCHAR(16) NOT NULL,
    attempts INT NOT NULL DEFAULT 0,
    last_error TEXT NULL,
    created_at DATETIME(6) NOT NULL,
    processed_at DATETIME(6) NULL,
    KEY email_outbox_status_created_at (status, created_at)
) ENGINE=InnoDB;
CREATE TABLE sync_queue (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    inventory_item_id BIGINT NOT NULL,
    action VARCHAR(32) NOT NULL,
    status VARCHAR(16) NOT NULL,
    retry_count INT NOT NULL DEFAULT 0,
    max_retries INT NOT NULL DEFAULT 5,
    last_error TEXT NULL,
    created_at DATETIME(6) NOT NULL,
    KEY sync_queue_status_created_at (status, created_at)
) ENGINE=InnoDB;

INSERT INTO customers (email, name, created_at)
SELECT CONCAT('customer', n, '@example.com'), CONCAT('Customer ', n), UTC_TIMESTAMP(6) - INTERVAL n HOUR FROM seed_numbers WHERE n <= 2000;
INSERT INTO products (sku, name, price_cents, stock)
SELECT CONCAT('SKU-', LPAD(n, 5, '0')), CONCAT('Product ', n), 199 + (n * 37) % 9800, (n * 13) % 250 FROM seed_numbers WHERE n <= 200;
INSERT INTO orders (customer_id, status, total_cents, created_at)
SELECT 1 + (n * 7) % 2000, ELT(1 + n % 4, 'paid', 'shipped', 'delivered', 'refunded'), 500 + (n * 91) % 20000, UTC_TIMESTAMP(6) - INTERVAL (n * 5) MINUTE
FROM seed_numbers WHERE n <= 20000;
INSERT INTO order_items (order_id, product_id, quantity, price_cents)
SELECT 1 + (n - 1) DIV 3, 1 + (n * 11) % 200, 1 + n % 4, 199 + (n * 37) % 9800 FROM seed_numbers WHERE n <= 60000;

INSERT INTO error_log (level, message, created_at)
SELECT 'ERROR', 'Payment gateway timeout', UTC_TIMESTAMP(6) - INTERVAL (n * 2) HOUR FROM seed_numbers WHERE n <= 7;
INSERT INTO error_log (level, message, created_at)
SELECT 'error', 'Stock sync failed', UTC_TIMESTAMP(6) - INTERVAL (n * 3) HOUR FROM seed_numbers WHERE n <= 3;
INSERT INTO error_log (level, message, created_at)
SELECT 'warning', 'Slow query on /checkout', UTC_TIMESTAMP(6) - INTERVAL (n * 4) HOUR FROM seed_numbers WHERE n <= 4;
INSERT INTO error_log (level, message, created_at)
SELECT 'info', 'Order placed', UTC_TIMESTAMP(6) - INTERVAL (n * 30) MINUTE FROM seed_numbers WHERE n <= 20;
INSERT INTO error_log (level, message, created_at)
SELECT 'error', 'Old failure outside the window', UTC_TIMESTAMP(6) - INTERVAL 30 HOUR - INTERVAL n DAY FROM seed_numbers WHERE n <= 5;

INSERT INTO email_outbox (recipient, subject, body, status, attempts, created_at, processed_at)
SELECT CONCAT('customer', n, '@example.com'), 'Your order', 'Thanks for your order.', 'processed', 1,
       UTC_TIMESTAMP(6) - INTERVAL (n * 10) MINUTE, UTC_TIMESTAMP(6) - INTERVAL (n * 10) MINUTE + INTERVAL 5 SECOND
FROM seed_numbers WHERE n <= 300;
INSERT INTO email_outbox (recipient, subject, body, status, created_at)
SELECT CONCAT('waiting', n, '@example.com'), 'Your order', 'Thanks for your order.', 'pending', UTC_TIMESTAMP(6) - INTERVAL (n * 15) MINUTE FROM seed_numbers WHERE n <= 4;
INSERT INTO email_outbox (recipient, subject, body, status, created_at)
SELECT CONCAT('fresh', n, '@example.com'), 'Your order', 'Thanks for your order.', 'pending', UTC_TIMESTAMP(6) - INTERVAL n MINUTE FROM seed_numbers WHERE n <= 2;
INSERT INTO email_outbox (recipient, subject, body, status, attempts, created_at)
VALUES ('busy@example.com', 'Your order', 'Thanks for your order.', 'processing', 1, UTC_TIMESTAMP(6) - INTERVAL 30 SECOND);
INSERT INTO email_outbox (recipient, subject, body, status, attempts, last_error, created_at)
SELECT CONCAT('bounce', n, '@example.com'), 'Your order', 'Thanks for your order.', 'failed', 5, '550 mailbox unavailable', UTC_TIMESTAMP(6) - INTERVAL n DAY FROM seed_numbers WHERE n <= 3;

INSERT INTO sync_queue (inventory_item_id, action, status, created_at)
SELECT n, 'update_stock', 'done', UTC_TIMESTAMP(6) - INTERVAL n HOUR FROM seed_numbers WHERE n <= 100;
INSERT INTO sync_queue (inventory_item_id, action, status, created_at) VALUES
    (501, 'update_stock', 'queued', UTC_TIMESTAMP(6) - INTERVAL 20 MINUTE),
    (502, 'update_price', 'queued', UTC_TIMESTAMP(6) - INTERVAL 3 HOUR),
    (503, 'update_stock', 'queued', UTC_TIMESTAMP(6) - INTERVAL 30 SECOND),
    (504, 'update_stock', 'queued', UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE),
    (505, 'update_stock', 'queued', UTC_TIMESTAMP(6) - INTERVAL 2 MINUTE);
INSERT INTO sync_queue (inventory_item_id, action, status, retry_count, last_error, created_at) VALUES
    (601, 'update_stock', 'failed', 5, 'Shopify 429 Too Many Requests', UTC_TIMESTAMP(6) - INTERVAL 2 HOUR),
    (602, 'update_stock', 'failed', 5, 'Shopify 502 Bad Gateway', UTC_TIMESTAMP(6) - INTERVAL 5 HOUR);

DROP TABLE seed_numbers;
ANALYZE TABLE customers, products, orders, order_items, error_log, email_outbox, sync_queue;
