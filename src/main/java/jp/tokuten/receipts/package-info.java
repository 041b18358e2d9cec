/**
 * Receipts: what entrants submit and what tokuten reads from it. So far the reading part: the OCR text
 * of one or more photos of a receipt turned into a {@link jp.tokuten.receipts.ReceiptReading} (store,
 * purchase date and time, items, taxes by rate, total, payment) with a confidence per field, the
 * {@code read-receipt} command and {@code POST /api/v1/receipts/read}.
 *
 * <p>Entries to campaigns ({@link jp.tokuten.receipts.CampaignEntries}): an entrant's receipts and form,
 * read in the background and judged against the campaign's rules.
 *
 * <p>Depends on {@code campaigns} for the rules an entry is judged by, {@code identity} for entrants and
 * the personal data they give, {@code jobs} for background reading, {@code ocr} for the engine that reads images and on {@code files} for the intake that
 * checks and cleans uploaded photos.
 */
@ApplicationModule(
        allowedDependencies = {"ocr", "files", "jobs", "campaigns", "identity", "audit", "tenancy", "shared"})
@NullMarked
package jp.tokuten.receipts;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
