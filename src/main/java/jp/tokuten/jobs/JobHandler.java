package jp.tokuten.jobs;

/**
 * Runs jobs of one type. Called with the job's tenant bound; throwing means "try again later". A job
 * can run more than once (a worker may die after the work but before recording it), so handlers must
 * be idempotent.
 */
public interface JobHandler {

    /** The job type this handler runs, e.g. {@code receipt.read}. */
    String type();

    void handle(JobView job) throws Exception;
}
