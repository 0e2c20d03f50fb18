-- Issue #21: the range-by-range search plan that was tried and rejected (docs/performance.md, "Officer benchmark at
-- 1,000,000 cases"), for one word at council 1, on the synthetic documents of search_documents_seed.sql.
-- psql -v word="'sn17:*'" -v top=980000 -v bottom=921100 -f benchmarks/sql/search_window_explain.sql
-- (top: the newest case id minus FIRST_SPAN; bottom: top minus the second range's span, from the first's density)
\timing off
-- the first statement: the table's bounds, the newest FIRST_SPAN case ids, the exact reference
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
WITH b AS (SELECT max(case_id) AS hi, min(case_id) AS lo FROM casework_casesearchdocument)
SELECT 0, b.hi, NULL::real, b.lo FROM b
UNION ALL SELECT 1, n.*, NULL FROM (SELECT d.case_id, ts_rank(d.vector, to_tsquery('simple', :word)) AS rank
  FROM casework_casesearchdocument d WHERE d.vector @@ to_tsquery('simple', :word) AND d.council_id + 0 IN (1)
  AND d.case_id > (SELECT hi FROM b) - 20000 OFFSET 0) n
UNION ALL SELECT 2, e.*, NULL FROM (SELECT d.case_id, ts_rank(d.vector, to_tsquery('simple', :word)) AS rank
  FROM casework_casesearchdocument d WHERE d.vector @@ to_tsquery('simple', :word) AND d.council_id + 0 IN (1)
  AND d.case_id IN (SELECT process_ptr_id FROM casework_case WHERE lower(replace(reference, '-', '')) = 'x')) e;
-- a further range, sized from the first one's matches
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM (SELECT d.case_id, ts_rank(d.vector, to_tsquery('simple', :word)) AS rank
  FROM casework_casesearchdocument d WHERE d.vector @@ to_tsquery('simple', :word) AND d.council_id + 0 IN (1)
  AND d.case_id <= :top AND d.case_id > :bottom OFFSET 0) n;
