-- The sum of an approved entry's receipt totals as read and corrected (what EntryApproved carries), kept
-- with the entry when it is approved so that courses with a least receipt amount (lottery's min_total_yen)
-- can check it at play and at a draw without reading every receipt again (decision 150). Null until the
-- entry is approved; entries approved before this migration keep null and count as 0 (no total known).
alter table receipts.entries add column total_yen bigint check (total_yen >= 0);
