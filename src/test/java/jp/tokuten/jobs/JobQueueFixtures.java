package jp.tokuten.jobs;

import org.springframework.context.ApplicationContext;

/** For tests of other modules: runs the queued jobs of every tenant now, as a worker would. */
public final class JobQueueFixtures {

    private JobQueueFixtures() {}

    /** Runs ready jobs until none is left. */
    public static void drain(ApplicationContext context) {
        JobWorker worker = context.getBean(JobWorker.class);
        while (worker.runReady("test-drain", 100) > 0) {
            // until nothing is ready
        }
    }
}
