package jp.tokuten.identity;

import java.time.Clock;
import org.springframework.stereotype.Component;

/** Makes the {@link SignedInSessionCheck} filter for a console's security chain. */
@Component
public class SessionChecks {

    private final OperatorAccounts operators;
    private final TenantUsers users;
    private final SessionProperties properties;
    private final Clock clock;
    private final ConsoleSeats seats;

    SessionChecks(
            OperatorAccounts operators,
            TenantUsers users,
            SessionProperties properties,
            Clock clock,
            ConsoleSeats seats) {
        this.seats = seats;
        this.operators = operators;
        this.users = users;
        this.properties = properties;
        this.clock = clock;
    }

    public SignedInSessionCheck forAudience(ConsoleAudience audience) {
        return new SignedInSessionCheck(audience, operators, users, properties, clock, seats);
    }
}
