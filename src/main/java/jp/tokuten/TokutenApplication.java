package jp.tokuten;

import java.util.Arrays;
import jp.tokuten.audit.AuditCommand;
import jp.tokuten.receipts.ReadReceiptCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * tokuten: receipt campaigns and digital coupons as a multi-tenant service. Besides the server, the jar
 * runs two commands: {@code read-receipt FILE...} (no server, no database) and {@code audit verify}.
 */
@SpringBootApplication
public class TokutenApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("read-receipt")) {
            System.exit(ReadReceiptCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (AuditCommand.handles(args)) {
            System.exit(AuditCommand.run(TokutenApplication.class, args));
        }
        SpringApplication.run(TokutenApplication.class, args);
    }
}
