package jp.tokuten.audit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;

/**
 * {@code java -jar tokuten.jar audit verify}: seals what is committed, recomputes every audit chain and
 * exits 0 with a one-line summary, or 1 naming the first entry of each broken chain that was changed,
 * deleted or reordered. Starts tokuten without the sealer job; its web server (which the security
 * configuration of the shells needs) listens only on a random port of the loopback address.
 */
public final class AuditCommand {

    private AuditCommand() {}

    /** Whether {@code args} ask for an audit command. */
    public static boolean handles(String[] args) {
        return args.length > 0 && "audit".equals(args[0]);
    }

    /** Runs the audit command in {@code args} against {@code application} and returns the exit code. */
    public static int run(Class<?> application, String[] args) {
        if (args.length < 2 || !"verify".equals(args[1])) {
            System.err.println("usage: tokuten audit verify");
            return 2;
        }
        var springArgs = new ArrayList<>(List.of(
                "--tokuten.audit.sealer-enabled=false",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
        springArgs.addAll(Arrays.asList(args).subList(2, args.length));
        try (var context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .run(springArgs.toArray(String[]::new))) {
            return verify(context, System.out);
        }
    }

    /** Verifies every chain with the application in {@code context}, printing the outcome. */
    public static int verify(ApplicationContext context, PrintStream out) {
        var report = context.getBean(AuditVerification.class).verifyAll();
        out.println(report.summary());
        return report.intact() ? 0 : 1;
    }
}
