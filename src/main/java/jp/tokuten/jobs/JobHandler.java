package jp.tokuten.jobs;

/**
 * Runs jobs of one type. Called with the job's tenant bound; throwing means "try again later". A job
 * can run more than once (a worker may die after the work but before recording it), so handlers must
 * be idempotent.
 */
public interface JobHandler {

    /** Why a job went to the dead letter. */
    enum DeathCause {
        /** The handler threw on every attempt. */
        FAILED_EVERY_ATTEMPT,
        /** The worker running it stopped (its lease ran out without a heartbeat) on every attempt. */
        STOPPED_EVERY_ATTEMPT
    }

    /** The job type this handler runs, e.g. {@code receipt.read}. */
    String type();

    void handle(JobView job) throws Exception;

    /**
     * Called once when a job of this type goes to the dead letter, with the job's tenant bound and in the
     * same transaction that buries it, so that what the job was for can say it failed. An operator's retry
     * runs {@link #handle} again later. Does nothing unless overridden.
     */
    default void dead(JobView job, DeathCause cause) {}
}
