-- Gatehouse demo dataset: a small web shop in schema "demo", generated deterministically with generate_series.
-- No random(): every value (and every deliberate data-quality problem) is a pure function of the row id, so the
-- integration test can recompute the expected counts on its own. The problems are listed next to each table.

CREATE SCHEMA demo;

-- customers: 2,000 people who signed up between 2021 and 2024.
--   email   NULL when id % 50 = 0 (40 rows); 'N/A' when id % 97 = 0 (20 rows, a "missing" placeholder);
--           malformed (no @) when id % 61 = 0 (32 rows)
--   country 'UK' instead of the ISO code 'GB' when id % 83 = 0 (24 rows)
--   phone   NULL when id % 5 = 0 (400 rows, 20%)
--   lifetime_value outliers of 250,000.00 for ids 1234 and 1777
CREATE TABLE demo.customers (
  id integer PRIMARY KEY,
  email text,
  full_name text NOT NULL,
  country text NOT NULL,
  signup_date date NOT NULL,
  lifetime_value numeric(12, 2) NOT NULL,
  phone text
);

INSERT INTO demo.customers
WITH people AS (
  SELECT id, first_name, last_name, translate(lower(first_name || '.' || last_name), 'üí', 'ui') AS email_name
  FROM generate_series(1, 2000) AS id,
    LATERAL (
      SELECT
        (ARRAY['Anna', 'Ben', 'Chloe', 'Daan', 'Emma', 'Finn', 'Greta', 'Hugo', 'Iris', 'Jonas', 'Lena', 'Milan'])[1 + id % 12] AS first_name,
        (ARRAY['Jansen', 'Müller', 'Dubois', 'Peeters', 'Smith', 'García', 'Rossi', 'Nilsson', 'Kowalski'])[1 + (id * 5) % 9] AS last_name
    ) AS names
)
SELECT
  id,
  CASE
    WHEN id % 50 = 0 THEN NULL
    WHEN id % 97 = 0 THEN 'N/A'
    WHEN id % 61 = 0 THEN email_name || '.example.com'
    ELSE email_name || id || '@' || (ARRAY['example.com', 'mail.nl', 'post.de', 'shop.org'])[1 + id % 4]
  END,
  first_name || ' ' || last_name,
  CASE WHEN id % 83 = 0 THEN 'UK' ELSE (ARRAY['NL', 'DE', 'FR', 'BE', 'GB', 'US', 'ES', 'IT', 'SE', 'PL'])[1 + (id * 7) % 10] END,
  DATE '2021-01-01' + (id * 523) % 1400,
  CASE WHEN id IN (1234, 1777) THEN 250000.00 ELSE ((id * 7919) % 250000) / 100.0 END,
  CASE WHEN id % 5 = 0 THEN NULL ELSE '+31 6 ' || lpad(((id * 104729) % 100000000)::text, 8, '0') END
FROM people;

-- products: 120 items in six categories.
--   sku lower-case ('sku-00040') instead of 'SKU-00040' when id % 40 = 0 (3 rows)
CREATE TABLE demo.products (
  id integer PRIMARY KEY,
  sku text NOT NULL,
  name text NOT NULL,
  category text NOT NULL,
  price numeric(10, 2) NOT NULL,
  stock integer NOT NULL
);

INSERT INTO demo.products
SELECT
  id,
  CASE WHEN id % 40 = 0 THEN 'sku-' ELSE 'SKU-' END || lpad(id::text, 5, '0'),
  initcap(category) || ' item ' || id,
  category,
  5 + (id * 37) % 200 + 0.99,
  (id * 53) % 500
FROM (
  SELECT id, (ARRAY['books', 'electronics', 'garden', 'kitchen', 'toys', 'sports'])[1 + id % 6] AS category
  FROM generate_series(1, 120) AS id
) AS items;

-- orders: 8,000 orders, one every 65 minutes from 2024-01-01 (the last on 2024-12-27).
--   status   'unknown' when id % 211 = 0 (37 rows)
--   amount   negative when id % 400 = 0 (20 rows); an outlier of 99,999.99 when id % 1999 = 0 (4 rows)
--   currency lower-case 'eur' when id % 333 = 0 (24 rows)
CREATE TABLE demo.orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL,
  product_id integer NOT NULL,
  status text NOT NULL,
  amount numeric(10, 2) NOT NULL,
  currency text NOT NULL,
  created_at timestamptz NOT NULL,
  shipped_at timestamptz
);

INSERT INTO demo.orders
SELECT
  id,
  1 + (id * 7919) % 2000,
  1 + (id * 31) % 120,
  status,
  CASE
    WHEN id % 1999 = 0 THEN 99999.99
    WHEN id % 400 = 0 THEN -(10 + ((id * 7919) % 40000) / 100.0)
    ELSE 10 + ((id * 7919) % 40000) / 100.0
  END,
  CASE WHEN id % 333 = 0 THEN 'eur' WHEN id % 10 = 0 THEN 'USD' WHEN id % 10 = 5 THEN 'GBP' ELSE 'EUR' END,
  created_at,
  CASE WHEN status IN ('delivered', 'shipped') THEN created_at + make_interval(hours => 12 + id % 72) END
FROM (
  SELECT
    id,
    TIMESTAMPTZ '2024-01-01 00:00:00+00' + make_interval(mins => 65 * (id - 1)) AS created_at,
    CASE
      WHEN id % 211 = 0 THEN 'unknown'
      ELSE (ARRAY['delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered',
                  'delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered',
                  'shipped', 'shipped', 'shipped', 'pending', 'cancelled', 'returned'])[1 + (id * 13) % 20]
    END AS status
  FROM generate_series(1, 8000) AS id
) AS placed;

ANALYZE;
