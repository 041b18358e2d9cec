package jp.tokuten.receipts;

import java.util.UUID;

/**
 * Told when a submission's reading is done, in the transaction that records it, with the submission's
 * tenant bound: entries use it to judge themselves once all their receipts are read.
 */
interface SubmissionListener {

    void read(UUID submission);

    void failed(UUID submission, String reasonCode);
}
