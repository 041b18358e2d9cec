-- The entrant counters are derived state: each row is the count of the entrant's entries whose
-- counted_on is that day (or any day, for the total), and every change to them comes with an entry
-- inserted or judged, which is captured. Capturing the counters too put two more entries in the tenant's
-- chain for every submission (decision 098).
select platform.exempt_from_audit('receipts.entrant_counters',
    'derived from receipts.entries.counted_on, whose every change is captured with the entry');
