import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a node's time went during one phase of bench/coupons, from its flight recording: the share of CPU
 * samples under each part of a request (a sample counts for every part on its stack, so shares overlap), the
 * methods most often on top, and how long threads waited for a database connection or the database's answer.
 *
 * <p>Usage: java bench/coupons/Profile.java RECORDING.jfr
 */
public class Profile {

    /** Parts of a request, by the first frame of theirs found on the stack (method name prefixes). */
    static final Map<String, List<String>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("Tomcat: HTTP parsing and writing", List.of("org.apache.coyote.", "org.apache.tomcat.util.net."));
        PARTS.put("Spring Security's filter chain (API key included)", List.of("org.springframework.security."));
        PARTS.put("  the API key's check", List.of("jp.tokuten.identity.ApiKeys."));
        PARTS.put("  the allow-list and access restrictions", List.of("jp.tokuten.access."));
        PARTS.put("DispatcherServlet (argument binding, JSON, the controller)", List.of("org.springframework.web.servlet.DispatcherServlet.doDispatch"));
        PARTS.put("  Jackson (reading and writing JSON)", List.of("com.fasterxml.jackson.", "tools.jackson."));
        PARTS.put("  coupons module", List.of("jp.tokuten.coupons."));
        PARTS.put("  transaction begin/commit and tenant binding", List.of(
                "org.springframework.transaction.", "jp.tokuten.tenancy.", "jp.tokuten.platform.Tenant"));
        PARTS.put("  audit", List.of("jp.tokuten.audit."));
        PARTS.put("JDBC driver (pgjdbc)", List.of("org.postgresql."));
        PARTS.put("Hikari pool", List.of("com.zaxxer.hikari."));
        PARTS.put("logging", List.of("ch.qos.logback.", "org.slf4j."));
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> parts = new LinkedHashMap<>();
        Map<String, Integer> top = new TreeMap<>();
        Map<String, Duration> waits = new TreeMap<>();
        Map<String, Integer> waitCounts = new TreeMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                List<RecordedFrame> frames = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames();
                if (!frames.isEmpty()) {
                    top.merge(name(frames.getFirst()), 1, Integer::sum);
                }
                for (var part : PARTS.entrySet()) {
                    if (frames.stream().anyMatch(f -> part.getValue().stream().anyMatch(p -> name(f).startsWith(p)))) {
                        parts.merge(part.getKey(), 1, Integer::sum);
                    }
                }
            } else if (type.equals("jdk.ThreadPark") || type.equals("jdk.SocketRead")
                    || type.equals("jdk.JavaMonitorEnter")) {
                List<RecordedFrame> frames = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames();
                String what = frames.stream().anyMatch(f -> name(f).startsWith("com.zaxxer.hikari.pool.HikariPool.getConnection"))
                        ? "waiting for a database connection (Hikari)"
                        : frames.stream().anyMatch(f -> name(f).startsWith("org.postgresql."))
                                ? "waiting for the database's answer (pgjdbc)"
                                : type + " elsewhere";
                waits.merge(what, e.getDuration(), Duration::plus);
                waitCounts.merge(what, 1, Integer::sum);
            }
        }
        System.out.printf("%d CPU samples of the node%n", samples);
        for (var part : PARTS.keySet()) {
            System.out.printf("  %5.1f %%  %s%n", 100.0 * parts.getOrDefault(part, 0) / Math.max(1, samples), part);
        }
        System.out.println("most often on top:");
        int total = samples;
        top.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(15)
                .forEach(t -> System.out.printf("  %5.1f %%  %s%n", 100.0 * t.getValue() / Math.max(1, total), t.getKey()));
        System.out.println("waits recorded (the recording keeps those of 10 ms or more):");
        waits.forEach((what, d) -> System.out.printf("  %s: %d, %.1f s in all%n", what, waitCounts.get(what), d.toMillis() / 1000.0));
    }

    static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
