package jp.tokuten;

import jp.tokuten.audit.AuditCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** tokuten: receipt campaigns and digital coupons as a multi-tenant service. */
@SpringBootApplication
public class TokutenApplication {

    public static void main(String[] args) {
        if (AuditCommand.handles(args)) {
            System.exit(AuditCommand.run(TokutenApplication.class, args));
        }
        SpringApplication.run(TokutenApplication.class, args);
    }
}
