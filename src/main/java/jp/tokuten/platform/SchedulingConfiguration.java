package jp.tokuten.platform;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The scheduler of every {@code @Scheduled} task (audit sealing, the access-log flush, purges): a pool of
 * its own, with more threads than there are tasks, so a slow task never holds up another. Jobs do not run
 * here: they have their own pool ({@code tokuten.jobs.workers}), so a job backlog never delays these.
 * {@code tokuten.scheduling.enabled=false} schedules nothing: the command line ({@code audit verify}) starts
 * the application without any of them.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnBooleanProperty(name = "tokuten.scheduling.enabled", matchIfMissing = true)
class SchedulingConfiguration {

    static final String THREAD_PREFIX = "tokuten-scheduled-";

    @Bean
    ThreadPoolTaskScheduler taskScheduler(@Value("${tokuten.scheduler.threads:8}") int threads) {
        if (threads < 2) {
            throw new IllegalArgumentException("tokuten.scheduler.threads must be at least 2: " + threads);
        }
        var scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(threads);
        scheduler.setThreadNamePrefix(THREAD_PREFIX);
        scheduler.setWaitForTasksToCompleteOnShutdown(true);
        scheduler.setAwaitTerminationSeconds(10);
        return scheduler;
    }
}
