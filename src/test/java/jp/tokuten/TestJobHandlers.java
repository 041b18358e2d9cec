package jp.tokuten;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.tokuten.jobs.JobHandler;
import jp.tokuten.jobs.JobView;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A job type for tests: {@code test.record} records each run (with the tenant that was bound) under the
 * payload's {@code key}, and fails when the payload says {@code fail}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestJobHandlers {

    public static final String TYPE = "test.record";
    public static final Map<String, List<String>> RUNS = new ConcurrentHashMap<>();

    @Bean
    JobHandler recordingHandler() {
        return new JobHandler() {
            @Override
            public String type() {
                return TYPE;
            }

            @Override
            public void handle(JobView job) {
                String key = String.valueOf(job.payload().get("key"));
                RUNS.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
                        .add(TenantBinder.current().map(Object::toString).orElse("none"));
                if (Boolean.TRUE.equals(job.payload().get("fail"))) {
                    throw new IllegalStateException("asked to fail");
                }
            }
        };
    }
}
