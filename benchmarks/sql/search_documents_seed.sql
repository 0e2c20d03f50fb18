-- Issue #21: synthetic search documents for EXPLAIN at scale (docs/performance.md). Only on a scratch, migrated
-- PostgreSQL database: it TRUNCATEs the documents. psql -v n=1000000 -f benchmarks/sql/search_documents_seed.sql
-- Synthetic search documents shaped like the seeded ones: three councils, 'wood' in 7.8% of documents.
SET session_replication_role = replica;  -- no cases behind them: foreign keys unchecked in this session
TRUNCATE casework_casesearchdocument;
INSERT INTO casework_casesearchdocument (case_id, council_id, body, updated_at)
SELECT g, 1 + (g % 3),
  format('rdc 2026 %s rdc2026%s %s %s %s %s example com rd%s %s%s rd%s%s %s high street riverside general 2026 11 %s report a %s your reference is rdc 2026 %s',
    lpad(g::text, 6, '0'), lpad(g::text, 6, '0'),
    (ARRAY['ann','bo','carys','dev','emma','finn','gita','huw','isla','jon'])[1 + (g * 7) % 10],
    CASE WHEN random() < 0.078 THEN 'wood' ELSE 'sn' || (1 + floor(random() * 400))::int END,
    (ARRAY['ann','bo','carys','dev','emma','finn','gita','huw','isla','jon'])[1 + (g * 7) % 10],
    'mail' || g, (g % 9) + 1, (g % 9) + 1, chr(97 + g % 26) || chr(97 + (g / 26) % 26),
    (g % 9) + 1, chr(97 + g % 26) || chr(97 + (g / 26) % 26), g % 200,
    1 + g % 28,
    (ARRAY['missed bin collection','fly tipping','pothole','noise complaint','street light fault'])[1 + g % 5],
    lpad(g::text, 6, '0')),
  now()
FROM generate_series(1, :n) g;
VACUUM ANALYZE casework_casesearchdocument;
