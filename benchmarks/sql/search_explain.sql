-- Issue #21: the ranked search before and after RANK_WINDOW, for "wood" at council 1 (docs/performance.md).
\timing off
-- before: every match ranked
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT d.case_id FROM casework_casesearchdocument d
WHERE d.vector @@ to_tsquery('simple', 'wood:*') AND d.council_id IN (1)
ORDER BY d.case_id IN (SELECT process_ptr_id FROM casework_case WHERE lower(replace(reference, '-', '')) = 'wood') DESC,
  ts_rank(d.vector, to_tsquery('simple', 'wood:*')) DESC, d.case_id DESC LIMIT 50;
-- after: the newest 500 matches ranked, plus the exact reference
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT m.case_id FROM ((SELECT d.case_id, d.vector FROM casework_casesearchdocument d
  WHERE d.vector @@ to_tsquery('simple', 'wood:*') AND d.council_id IN (1) ORDER BY d.case_id DESC LIMIT 500)
 UNION (SELECT d.case_id, d.vector FROM casework_casesearchdocument d
  WHERE d.vector @@ to_tsquery('simple', 'wood:*') AND d.council_id IN (1)
  AND d.case_id IN (SELECT process_ptr_id FROM casework_case WHERE lower(replace(reference, '-', '')) = 'wood'))) m
ORDER BY m.case_id IN (SELECT process_ptr_id FROM casework_case WHERE lower(replace(reference, '-', '')) = 'wood') DESC,
  ts_rank(m.vector, to_tsquery('simple', 'wood:*')) DESC, m.case_id DESC LIMIT 50;
