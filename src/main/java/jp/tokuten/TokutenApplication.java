package jp.tokuten;

import java.util.Arrays;
import jp.tokuten.receipts.ReadReceiptCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** tokuten: receipt campaigns and digital coupons as a multi-tenant service. */
@SpringBootApplication
public class TokutenApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("read-receipt")) {
            System.exit(ReadReceiptCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(TokutenApplication.class, args);
    }
}
