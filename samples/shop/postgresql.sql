-- A small web shop on PostgreSQL, with the app tables Runbook reads: error_log, email_outbox, sync_queue.
-- Times are relative to now() so the health check always finds the same figures:
--   error_log over the last 24 h: 10 errors (7 "Payment gateway timeout", 3 "Stock sync failed"), 4 warnings;
--   email_outbox: pending 6 (4 older than 10 minutes: stuck), processing 1, failed 3, processed 300;
--   sync_queue: queued 5 (2 stuck), failed 2, done 100; order_items is the largest table.
CREATE TABLE customers (
    id bigserial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE products (
    id bigserial PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    name text NOT NULL,
    price_cents integer NOT NULL,
    stock integer NOT NULL
);
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    status text NOT NULL,
    total_cents integer NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE order_items (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    product_id bigint NOT NULL REFERENCES products (id),
    quantity integer NOT NULL,
    price_cents integer NOT NULL
);
CREATE INDEX order_items_order_id ON order_items (order_id);
CREATE TABLE error_log (
    id bigserial PRIMARY KEY,
    level text NOT NULL,
    message text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX error_log_created_at ON error_log (created_at);
CREATE TABLE email_outbox (
    id bigserial PRIMARY KEY,
    recipient text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    status text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    created_at timestamptz NOT NULL,
    processed_at timestamptz
);
CREATE INDEX email_outbox_status_created_at ON email_outbox (status, created_at);
CREATE TABLE sync_queue (
    id bigserial PRIMARY KEY,
    inventory_item_id bigint NOT NULL,
    action text NOT NULL,
    status text NOT NULL,
    retry_count integer NOT NULL DEFAULT 0,
    max_retries integer NOT NULL DEFAULT 5,
    last_error text,
    created_at timestamptz NOT NULL
);
CREATE INDEX sync_queue_status_created_at ON sync_queue (status, created_at);

INSERT INTO customers (email, name, created_at)
SELECT 'customer' || i || '@example.com', 'Customer ' || i, now() - i * interval '1 hour'
FROM generate_series(1, 2000) AS i;

INSERT INTO products (sku, name, price_cents, stock)
SELECT 'SKU-' || lpad(i::text, 5, '0'), 'Product ' || i, 199 + (i * 37) % 9800, (i * 13) % 250
FROM generate_series(1, 200) AS i;

INSERT INTO orders (customer_id, status, total_cents, created_at)
SELECT 1 + (i * 7) % 2000, (ARRAY['paid', 'shipped', 'delivered', 'refunded'])[1 + i % 4], 500 + (i * 91) % 20000, now() - i * interval '5 minutes'
FROM generate_series(1, 20000) AS i;

INSERT INTO order_items (order_id, product_id, quantity, price_cents)
SELECT 1 + (i - 1) / 3, 1 + (i * 11) % 200, 1 + i % 4, 199 + (i * 37) % 9800
FROM generate_series(1, 60000) AS i;

INSERT INTO error_log (level, message, created_at)
SELECT 'ERROR', 'Payment gateway timeout', now() - i * interval '2 hours' FROM generate_series(1, 7) AS i;
INSERT INTO error_log (level, message, created_at)
SELECT 'error', 'Stock sync failed', now() - i * interval '3 hours' FROM generate_series(1, 3) AS i;
INSERT INTO error_log (level, message, created_at)
SELECT 'warning', 'Slow query on /checkout', now() - i * interval '4 hours' FROM generate_series(1, 4) AS i;
INSERT INTO error_log (level, message, created_at)
SELECT 'info', 'Order placed', now() - i * interval '30 minutes' FROM generate_series(1, 20) AS i;
INSERT INTO error_log (level, message, created_at)
SELECT 'error', 'Old failure outside the window', now() - interval '30 hours' - i * interval '1 day' FROM generate_series(1, 5) AS i;

INSERT INTO email_outbox (recipient, subject, body, status, attempts, created_at, processed_at)
SELECT 'customer' || i || '@example.com', 'Your order', 'Thanks for your order.', 'processed', 1, now() - i * interval '10 minutes', now() - i * interval '10 minutes' + interval '5 seconds'
FROM generate_series(1, 300) AS i;
INSERT INTO email_outbox (recipient, subject, body, status, created_at)
SELECT 'waiting' || i || '@example.com', 'Your order', 'Thanks for your order.', 'pending', now() - i * interval '15 minutes' FROM generate_series(1, 4) AS i;
INSERT INTO email_outbox (recipient, subject, body, status, created_at)
SELECT 'fresh' || i || '@example.com', 'Your order', 'Thanks for your order.', 'pending', now() - i * interval '1 minute' FROM generate_series(1, 2) AS i;
INSERT INTO email_outbox (recipient, subject, body, status, attempts, created_at)
VALUES ('busy@example.com', 'Your order', 'Thanks for your order.', 'processing', 1, now() - interval '30 seconds');
INSERT INTO email_outbox (recipient, subject, body, status, attempts, last_error, created_at)
SELECT 'bounce' || i || '@example.com', 'Your order', 'Thanks for your order.', 'failed', 5, '550 mailbox unavailable', now() - i * interval '1 day' FROM generate_series(1, 3) AS i;

INSERT INTO sync_queue (inventory_item_id, action, status, created_at)
SELECT i, 'update_stock', 'done', now() - i * interval '1 hour' FROM generate_series(1, 100) AS i;
INSERT INTO sync_queue (inventory_item_id, action, status, created_at)
VALUES (501, 'update_stock', 'queued', now() - interval '20 minutes'),
       (502, 'update_price', 'queued', now() - interval '3 hours'),
       (503, 'update_stock', 'queued', now() - interval '30 seconds'),
       (504, 'update_stock', 'queued', now() - interval '1 minute'),
       (505, 'update_stock', 'queued', now() - interval '2 minutes');
INSERT INTO sync_queue (inventory_item_id, action, status, retry_count, last_error, created_at)
VALUES (601, 'update_stock', 'failed', 5, 'Shopify 429 Too Many Requests', now() - interval '2 hours'),
       (602, 'update_stock', 'failed', 5, 'Shopify 502 Bad Gateway', now() - interval '5 hours');

ANALYZE;
