import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a node's time went during one phase of bench/coupons, from its flight recording: the CPU of its
 * threads (the JIT compilers' among them), the share of Java CPU samples in each part of a request, the
 * methods most often on top, and how long threads waited for a database connection or the database's answer.
 *
 * <p>Usage: java bench/coupons/Profile.java RECORDING.jfr
 */
public class Profile {

    /**
     * Parts of a request, by package prefix. A sample belongs to the part of the frame nearest its top that
     * is in one of them (JDK frames count for the code that called them), so the shares add up to 100 %.
     */
    static final Map<String, List<String>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("JDBC driver (pgjdbc)", List.of("org.postgresql."));
        PARTS.put("Hikari pool", List.of("com.zaxxer.hikari."));
        PARTS.put("Jackson (JSON)", List.of("com.fasterxml.jackson.", "tools.jackson."));
        PARTS.put("logging", List.of("ch.qos.logback.", "org.slf4j.", "org.apache.commons.logging."));
        PARTS.put("metrics and observations", List.of("io.micrometer."));
        PARTS.put("tokuten: coupons", List.of("jp.tokuten.coupons."));
        PARTS.put("tokuten: audit (access log, audit trail)", List.of("jp.tokuten.audit."));
        PARTS.put("tokuten: access restrictions (allow-list)", List.of("jp.tokuten.access."));
        PARTS.put("tokuten: API key", List.of("jp.tokuten.identity.", "jp.tokuten.api."));
        PARTS.put("tokuten: tenancy (binding, transactions)", List.of("jp.tokuten.tenancy."));
        PARTS.put("tokuten: other", List.of("jp.tokuten."));
        PARTS.put("Spring JDBC and transactions", List.of("org.springframework.jdbc.", "org.springframework.transaction."));
        PARTS.put("Spring Security", List.of("org.springframework.security."));
        PARTS.put("Spring MVC (dispatch, binding, messages)", List.of("org.springframework.web.", "org.springframework.http."));
        PARTS.put("Spring other (AOP, beans, core)", List.of("org.springframework."));
        PARTS.put("Tomcat", List.of("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat."));
        PARTS.put("JFR itself", List.of("jdk.jfr."));
    }

    /** Framework methods whose inclusive share is shown beside tokuten's own. */
    static final List<String> INCLUSIVE = List.of(
            "org.apache.catalina.connector.CoyoteAdapter.service",
            "org.springframework.security.web.FilterChainProxy.doFilter",
            "org.springframework.web.servlet.DispatcherServlet.doDispatch",
            "org.springframework.web.filter.ServerHttpObservationFilter.doFilterInternal",
            "org.springframework.transaction.support.AbstractPlatformTransactionManager.commit",
            "org.springframework.transaction.support.AbstractPlatformTransactionManager.getTransaction",
            "com.zaxxer.hikari.HikariDataSource.getConnection",
            "org.postgresql.jdbc.PgPreparedStatement.executeWithFlags",
            "org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor.handleReturnValue",
            "org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor.resolveArgument");

    public static void main(String[] args) throws Exception {
        Map<String, Integer> parts = new LinkedHashMap<>();
        Map<String, Integer> top = new TreeMap<>();
        Map<String, Integer> inclusive = new TreeMap<>();
        Map<String, Duration> waits = new TreeMap<>();
        Map<String, Integer> waitCounts = new TreeMap<>();
        Map<String, List<Double>> threadLoad = new TreeMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                List<RecordedFrame> frames = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames();
                if (!frames.isEmpty()) {
                    top.merge(name(frames.getFirst()), 1, Integer::sum);
                }
                parts.merge(part(frames), 1, Integer::sum);
                frames.stream()
                        .map(Profile::name)
                        .filter(n -> n.startsWith("jp.tokuten.") || INCLUSIVE.stream().anyMatch(n::equals))
                        .distinct()
                        .forEach(n -> inclusive.merge(n, 1, Integer::sum));
            } else if (type.equals("jdk.ThreadCPULoad") && e.getThread() != null) {
                threadLoad.computeIfAbsent(e.getThread().getJavaName(), k -> new ArrayList<>())
                        .add((double) e.getFloat("user") + e.getFloat("system"));
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
        // each thread's mean load (a share of all the machine's cores), summed by kind of thread
        Map<String, Double> byGroup = new TreeMap<>();
        threadLoad.forEach((thread, loads) -> {
            if (!loads.isEmpty()) {
                byGroup.merge(group(thread), loads.stream().mapToDouble(Double::doubleValue).average().orElse(0), Double::sum);
            }
        });
        System.out.print("the node's threads, share of the machine's CPU:");
        byGroup.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(g -> System.out.printf(" %s %.1f %%;", g.getKey(), 100 * g.getValue()));
        System.out.println();
        System.out.printf("%d CPU samples of the node's Java code, by the part of the request they were in:%n", samples);
        int all = samples;
        parts.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(p -> System.out.printf("  %5.1f %%  %s%n", 100.0 * p.getValue() / Math.max(1, all), p.getKey()));
        System.out.println("samples with these methods on their stack (what they and what they call cost):");
        inclusive.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(30)
                .forEach(t -> System.out.printf("  %5.1f %%  %s%n", 100.0 * t.getValue() / Math.max(1, all), t.getKey()));
        System.out.println("most often on top:");
        int total = samples;
        top.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(15)
                .forEach(t -> System.out.printf("  %5.1f %%  %s%n", 100.0 * t.getValue() / Math.max(1, total), t.getKey()));
        System.out.println("waits recorded (the recording keeps those of 10 ms or more):");
        waits.forEach((what, d) -> System.out.printf("  %s: %d, %.1f s in all%n", what, waitCounts.get(what), d.toMillis() / 1000.0));
    }

    static String group(String thread) {
        if (thread == null) {
            return "other";
        }
        if (thread.contains("CompilerThread")) {
            return "JIT compilers";
        }
        if (thread.startsWith("ForkJoinPool") && thread.contains("worker")) {
            return "virtual threads' carriers (requests)";
        }
        if (thread.startsWith("GC ") || thread.startsWith("G1 ")) {
            return "GC";
        }
        return "other";
    }

    static String part(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String n = name(f);
            for (var part : PARTS.entrySet()) {
                if (part.getValue().stream().anyMatch(n::startsWith)) {
                    return part.getKey();
                }
            }
        }
        return "JDK only (carrier threads, GC-free JDK work)";
    }

    static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
