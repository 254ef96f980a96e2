-- saas_growth: 6 sources, dialect postgres, as of 2026-06-15

-- source deals: one row per entity and grain period; a0 = sum of amount (filter 0), a1 = count (filter 0), a2 = count (filter 1), a3 = sum of days_to_close (filter 0), a4 = nn of days_to_close (filter 0), a5 = sum of amount (filter 2), a6 = sum of amount (filter 3), a7 = count (filter 4), a8 = count (filter 5), a9 = sum of amount (filter 6), a10 = sum of amount (filter 7), a11 = count (filter 7), a12 = sum of cost (filter 7), a13 = sum of amount (filter 8), a14 = nn of amount (filter 8), a15 = count (filter 9)
WITH r AS (SELECT CAST("rep" AS VARCHAR) AS kpi_e, CAST("closed_on" AS DATE) AS kpi_d, "status" AS f0, "kind" AS f1, CAST(CAST("amount" AS DECIMAL(38, 2)) * 100 AS BIGINT) AS f2, CAST("days_to_close" AS BIGINT) AS f3, CAST(CAST("cost" AS DECIMAL(38, 2)) * 100 AS BIGINT) AS f4, "customer" AS f5 FROM "deals" WHERE CAST("closed_on" AS DATE) <= DATE '2026-06-15'),
b AS (SELECT r.*, CAST(date_trunc('month', CAST(r.kpi_d AS TIMESTAMP)) AS DATE) AS kpi_b FROM r),
t AS (SELECT b.*, (CAST(b.kpi_b + INTERVAL '1 months' AS DATE) + (-1)) AS kpi_end FROM b)
SELECT t.kpi_e, (t.kpi_b - DATE '1970-01-01') AS kpi_g, CAST(SUM(CASE WHEN (COALESCE(t.f0 = 'won', FALSE) AND COALESCE(t.f1 = 'new', FALSE)) THEN t.f2 END) AS DOUBLE PRECISION) AS a0, CAST(COUNT(CASE WHEN (COALESCE(t.f0 = 'won', FALSE) AND COALESCE(t.f1 = 'new', FALSE)) THEN 1 END) AS DOUBLE PRECISION) AS a1, CAST(COUNT(CASE WHEN COALESCE(t.f1 = 'new', FALSE) THEN 1 END) AS DOUBLE PRECISION) AS a2, CAST(SUM(CASE WHEN (COALESCE(t.f0 = 'won', FALSE) AND COALESCE(t.f1 = 'new', FALSE)) THEN t.f3 END) AS DOUBLE PRECISION) AS a3, CAST(COUNT(CASE WHEN (COALESCE(t.f0 = 'won', FALSE) AND COALESCE(t.f1 = 'new', FALSE)) THEN t.f3 END) AS DOUBLE PRECISION) AS a4, CAST(SUM(CASE WHEN (COALESCE(t.f0 = 'won', FALSE) AND COALESCE(t.f1 = 'renewal', FALSE)) THEN t.f2 END) AS DOUBLE PRECISION) AS a5, CAST(SUM(CASE WHEN (COALESCE(t.f0 = 'lost', FALSE) AND COALESCE(t.f1 = 'renewal', FALSE)) THEN t.f2 END) AS DOUBLE PRECISION) AS a6, CAST(COUNT(CASE WHEN (COALESCE(t.f1 = 'renewal', FALSE) AND COALESCE(t.f0 = 'won', FALSE)) THEN 1 END) AS DOUBLE PRECISION) AS a7, CAST(COUNT(CASE WHEN COALESCE(t.f1 = 'renewal', FALSE) THEN 1 END) AS DOUBLE PRECISION) AS a8, CAST(SUM(CASE WHEN (COALESCE(t.f0 = 'won', FALSE) AND COALESCE(t.f1 = 'expansion', FALSE)) THEN t.f2 END) AS DOUBLE PRECISION) AS a9, CAST(SUM(CASE WHEN COALESCE(t.f0 = 'won', FALSE) THEN t.f2 END) AS DOUBLE PRECISION) AS a10, CAST(COUNT(CASE WHEN COALESCE(t.f0 = 'won', FALSE) THEN 1 END) AS DOUBLE PRECISION) AS a11, CAST(SUM(CASE WHEN COALESCE(t.f0 = 'won', FALSE) THEN t.f4 END) AS DOUBLE PRECISION) AS a12, CAST(SUM(CASE WHEN (COALESCE(t.f0 = 'won', FALSE) AND COALESCE(t.f1 <> 'expansion', FALSE)) THEN t.f2 END) AS DOUBLE PRECISION) AS a13, CAST(COUNT(CASE WHEN (COALESCE(t.f0 = 'won', FALSE) AND COALESCE(t.f1 <> 'expansion', FALSE)) THEN t.f2 END) AS DOUBLE PRECISION) AS a14, CAST(COUNT(CASE WHEN ((COALESCE(t.f0 = 'won', FALSE) AND COALESCE(t.f2 < 500000, FALSE)) AND COALESCE((t.kpi_end - t.kpi_d) < 3, FALSE)) THEN 1 END) AS DOUBLE PRECISION) AS a15, CAST(SUM(ABS(t.f2)) AS DOUBLE PRECISION) AS kpi_abs0, CAST(SUM(ABS(t.f2)) AS DOUBLE PRECISION) AS kpi_abs1, CAST(SUM(ABS(t.f2)) AS DOUBLE PRECISION) AS kpi_abs2, CAST(SUM(ABS(t.f2)) AS DOUBLE PRECISION) AS kpi_abs3, CAST(SUM(ABS(t.f2)) AS DOUBLE PRECISION) AS kpi_abs4, CAST(SUM(ABS(t.f4)) AS DOUBLE PRECISION) AS kpi_abs5, CAST(SUM(ABS(t.f2)) AS DOUBLE PRECISION) AS kpi_abs6
FROM t
GROUP BY t.kpi_e, t.kpi_b;

-- source deals: distinct counts per entity and its ancestors (a union through the ancestry, never a sum)
WITH RECURSIVE r AS (SELECT CAST("rep" AS VARCHAR) AS kpi_e, CAST("closed_on" AS DATE) AS kpi_d, "status" AS f0, "kind" AS f1, CAST(CAST("amount" AS DECIMAL(38, 2)) * 100 AS BIGINT) AS f2, CAST("days_to_close" AS BIGINT) AS f3, CAST(CAST("cost" AS DECIMAL(38, 2)) * 100 AS BIGINT) AS f4, "customer" AS f5 FROM "deals" WHERE CAST("closed_on" AS DATE) <= DATE '2026-06-15'),
b AS (SELECT r.*, CAST(date_trunc('month', CAST(r.kpi_d AS TIMESTAMP)) AS DATE) AS kpi_b FROM r),
t AS (SELECT b.*, (CAST(b.kpi_b + INTERVAL '1 months' AS DATE) + (-1)) AS kpi_end FROM b),
ancestry(entity, ancestor) AS (
  SELECT e."id", e."id" FROM "entities" e
  UNION ALL SELECT e."id", 'all' FROM "entities" e
  UNION ALL SELECT a.entity, p."parent" FROM ancestry a JOIN "entities" p ON p."id" = a.ancestor WHERE p."parent" IS NOT NULL AND p."parent" <> ''
),
v AS (
SELECT 0 AS kpi_k, t.kpi_e, (t.kpi_b - DATE '1970-01-01') AS kpi_g, CAST(t.f5 AS VARCHAR) AS kpi_v FROM t WHERE (COALESCE(t.f0 = 'won', FALSE) AND COALESCE(t.f1 = 'new', FALSE)) AND t.f5 IS NOT NULL GROUP BY t.kpi_e, t.kpi_b, t.f5
UNION ALL
SELECT 3 AS kpi_k, t.kpi_e, (t.kpi_b - DATE '1970-01-01') AS kpi_g, CAST(t.f5 AS VARCHAR) AS kpi_v FROM t WHERE (COALESCE(t.f0 = 'won', FALSE) AND COALESCE(t.f1 = 'expansion', FALSE)) AND t.f5 IS NOT NULL GROUP BY t.kpi_e, t.kpi_b, t.f5
UNION ALL
SELECT 4 AS kpi_k, t.kpi_e, (t.kpi_b - DATE '1970-01-01') AS kpi_g, CAST(t.f5 AS VARCHAR) AS kpi_v FROM t WHERE ((COALESCE(t.f0 = 'won', FALSE) AND COALESCE(t.f2 < 500000, FALSE)) AND COALESCE((t.kpi_end - t.kpi_d) < 3, FALSE)) AND t.f5 IS NOT NULL GROUP BY t.kpi_e, t.kpi_b, t.f5
)
SELECT v.kpi_k, a.ancestor AS kpi_e, v.kpi_g, COUNT(DISTINCT v.kpi_v) AS kpi_n
FROM v JOIN ancestry a ON a.entity = v.kpi_e
GROUP BY v.kpi_k, a.ancestor, v.kpi_g;

-- source followups: one row per entity and grain period; a0 = count (filter 1), a1 = count (filter 2)
WITH r AS (SELECT CAST("rep" AS VARCHAR) AS kpi_e, CAST("followed_on" AS DATE) AS kpi_d, "method" AS f0, CAST("touch" AS BIGINT) AS f1, "customer" AS f2 FROM "followups" WHERE CAST("followed_on" AS DATE) <= DATE '2026-06-15'),
b AS (SELECT r.*, CAST(date_trunc('month', CAST(r.kpi_d AS TIMESTAMP)) AS DATE) AS kpi_b FROM r),
t AS (SELECT b.*, (CAST(b.kpi_b + INTERVAL '1 months' AS DATE) + (-1)) AS kpi_end FROM b)
SELECT t.kpi_e, (t.kpi_b - DATE '1970-01-01') AS kpi_g, CAST(COUNT(CASE WHEN COALESCE(t.f0 = 'demo', FALSE) THEN 1 END) AS DOUBLE PRECISION) AS a0, CAST(COUNT(CASE WHEN COALESCE(t.f1 = 1, FALSE) THEN 1 END) AS DOUBLE PRECISION) AS a1
FROM t
GROUP BY t.kpi_e, t.kpi_b;

-- source followups: distinct counts per entity and its ancestors (a union through the ancestry, never a sum)
WITH RECURSIVE r AS (SELECT CAST("rep" AS VARCHAR) AS kpi_e, CAST("followed_on" AS DATE) AS kpi_d, "method" AS f0, CAST("touch" AS BIGINT) AS f1, "customer" AS f2 FROM "followups" WHERE CAST("followed_on" AS DATE) <= DATE '2026-06-15'),
b AS (SELECT r.*, CAST(date_trunc('month', CAST(r.kpi_d AS TIMESTAMP)) AS DATE) AS kpi_b FROM r),
t AS (SELECT b.*, (CAST(b.kpi_b + INTERVAL '1 months' AS DATE) + (-1)) AS kpi_end FROM b),
ancestry(entity, ancestor) AS (
  SELECT e."id", e."id" FROM "entities" e
  UNION ALL SELECT e."id", 'all' FROM "entities" e
  UNION ALL SELECT a.entity, p."parent" FROM ancestry a JOIN "entities" p ON p."id" = a.ancestor WHERE p."parent" IS NOT NULL AND p."parent" <> ''
),
v AS (
SELECT 1 AS kpi_k, t.kpi_e, (t.kpi_b - DATE '1970-01-01') AS kpi_g, CAST(t.f2 AS VARCHAR) AS kpi_v FROM t WHERE t.f2 IS NOT NULL GROUP BY t.kpi_e, t.kpi_b, t.f2
)
SELECT v.kpi_k, a.ancestor AS kpi_e, v.kpi_g, COUNT(DISTINCT v.kpi_v) AS kpi_n
FROM v JOIN ancestry a ON a.entity = v.kpi_e
GROUP BY v.kpi_k, a.ancestor, v.kpi_g;

-- source opportunities: one row per entity and grain period; a0 = count (filter 0)
WITH r AS (SELECT CAST("rep" AS VARCHAR) AS kpi_e, CAST("opened_on" AS DATE) AS kpi_d, "industry" AS f0 FROM "opportunities" WHERE CAST("opened_on" AS DATE) <= DATE '2026-06-15'),
b AS (SELECT r.*, CAST(date_trunc('month', CAST(r.kpi_d AS TIMESTAMP)) AS DATE) AS kpi_b FROM r),
t AS (SELECT b.*, (CAST(b.kpi_b + INTERVAL '1 months' AS DATE) + (-1)) AS kpi_end FROM b)
SELECT t.kpi_e, (t.kpi_b - DATE '1970-01-01') AS kpi_g, CAST(COUNT(*) AS DOUBLE PRECISION) AS a0
FROM t
GROUP BY t.kpi_e, t.kpi_b;

-- source opportunities: distinct counts per entity and its ancestors (a union through the ancestry, never a sum)
WITH RECURSIVE r AS (SELECT CAST("rep" AS VARCHAR) AS kpi_e, CAST("opened_on" AS DATE) AS kpi_d, "industry" AS f0 FROM "opportunities" WHERE CAST("opened_on" AS DATE) <= DATE '2026-06-15'),
b AS (SELECT r.*, CAST(date_trunc('month', CAST(r.kpi_d AS TIMESTAMP)) AS DATE) AS kpi_b FROM r),
t AS (SELECT b.*, (CAST(b.kpi_b + INTERVAL '1 months' AS DATE) + (-1)) AS kpi_end FROM b),
ancestry(entity, ancestor) AS (
  SELECT e."id", e."id" FROM "entities" e
  UNION ALL SELECT e."id", 'all' FROM "entities" e
  UNION ALL SELECT a.entity, p."parent" FROM ancestry a JOIN "entities" p ON p."id" = a.ancestor WHERE p."parent" IS NOT NULL AND p."parent" <> ''
),
v AS (
SELECT 2 AS kpi_k, t.kpi_e, (t.kpi_b - DATE '1970-01-01') AS kpi_g, CAST(t.f0 AS VARCHAR) AS kpi_v FROM t WHERE t.f0 IS NOT NULL GROUP BY t.kpi_e, t.kpi_b, t.f0
)
SELECT v.kpi_k, a.ancestor AS kpi_e, v.kpi_g, COUNT(DISTINCT v.kpi_v) AS kpi_n
FROM v JOIN ancestry a ON a.entity = v.kpi_e
GROUP BY v.kpi_k, a.ancestor, v.kpi_g;

-- source surveys: one row per entity and grain period; a0 = count (filter 0), a1 = count (filter 1), a2 = count (filter 2)
WITH r AS (SELECT CAST("rep" AS VARCHAR) AS kpi_e, CAST("answered_on" AS DATE) AS kpi_d, CAST("score" AS BIGINT) AS f0 FROM "surveys" WHERE CAST("answered_on" AS DATE) <= DATE '2026-06-15'),
b AS (SELECT r.*, CAST(date_trunc('month', CAST(r.kpi_d AS TIMESTAMP)) AS DATE) AS kpi_b FROM r),
t AS (SELECT b.*, (CAST(b.kpi_b + INTERVAL '1 months' AS DATE) + (-1)) AS kpi_end FROM b)
SELECT t.kpi_e, (t.kpi_b - DATE '1970-01-01') AS kpi_g, CAST(COUNT(*) AS DOUBLE PRECISION) AS a0, CAST(COUNT(CASE WHEN COALESCE(t.f0 >= 9, FALSE) THEN 1 END) AS DOUBLE PRECISION) AS a1, CAST(COUNT(CASE WHEN COALESCE(t.f0 <= 6, FALSE) THEN 1 END) AS DOUBLE PRECISION) AS a2
FROM t
GROUP BY t.kpi_e, t.kpi_b;

-- source leads: one row per entity and grain period; a0 = count (filter 0)
WITH r AS (SELECT CAST("rep" AS VARCHAR) AS kpi_e, CAST("created_on" AS DATE) AS kpi_d FROM "leads" WHERE CAST("created_on" AS DATE) <= DATE '2026-06-15'),
b AS (SELECT r.*, CAST(date_trunc('month', CAST(r.kpi_d AS TIMESTAMP)) AS DATE) AS kpi_b FROM r),
t AS (SELECT b.*, (CAST(b.kpi_b + INTERVAL '1 months' AS DATE) + (-1)) AS kpi_end FROM b)
SELECT t.kpi_e, (t.kpi_b - DATE '1970-01-01') AS kpi_g, CAST(COUNT(*) AS DOUBLE PRECISION) AS a0
FROM t
GROUP BY t.kpi_e, t.kpi_b;

-- source quotes: one row per entity and grain period; 
WITH r AS (SELECT CAST("rep" AS VARCHAR) AS kpi_e, CAST("quoted_on" AS DATE) AS kpi_d, "opportunity" AS f0 FROM "quotes" WHERE CAST("quoted_on" AS DATE) <= DATE '2026-06-15'),
b AS (SELECT r.*, CAST(date_trunc('month', CAST(r.kpi_d AS TIMESTAMP)) AS DATE) AS kpi_b FROM r),
t AS (SELECT b.*, (CAST(b.kpi_b + INTERVAL '1 months' AS DATE) + (-1)) AS kpi_end FROM b)
SELECT t.kpi_e, (t.kpi_b - DATE '1970-01-01') AS kpi_g
FROM t
GROUP BY t.kpi_e, t.kpi_b;

-- source quotes: distinct counts per entity and its ancestors (a union through the ancestry, never a sum)
WITH RECURSIVE r AS (SELECT CAST("rep" AS VARCHAR) AS kpi_e, CAST("quoted_on" AS DATE) AS kpi_d, "opportunity" AS f0 FROM "quotes" WHERE CAST("quoted_on" AS DATE) <= DATE '2026-06-15'),
b AS (SELECT r.*, CAST(date_trunc('month', CAST(r.kpi_d AS TIMESTAMP)) AS DATE) AS kpi_b FROM r),
t AS (SELECT b.*, (CAST(b.kpi_b + INTERVAL '1 months' AS DATE) + (-1)) AS kpi_end FROM b),
ancestry(entity, ancestor) AS (
  SELECT e."id", e."id" FROM "entities" e
  UNION ALL SELECT e."id", 'all' FROM "entities" e
  UNION ALL SELECT a.entity, p."parent" FROM ancestry a JOIN "entities" p ON p."id" = a.ancestor WHERE p."parent" IS NOT NULL AND p."parent" <> ''
),
v AS (
SELECT 5 AS kpi_k, t.kpi_e, (t.kpi_b - DATE '1970-01-01') AS kpi_g, CAST(t.f0 AS VARCHAR) AS kpi_v FROM t WHERE t.f0 IS NOT NULL GROUP BY t.kpi_e, t.kpi_b, t.f0
)
SELECT v.kpi_k, a.ancestor AS kpi_e, v.kpi_g, COUNT(DISTINCT v.kpi_v) AS kpi_n
FROM v JOIN ancestry a ON a.entity = v.kpi_e
GROUP BY v.kpi_k, a.ancestor, v.kpi_g;
