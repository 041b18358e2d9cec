package jp.tokuten.identity;

import java.time.Instant;
import java.util.UUID;

/** An entrant (応募者) of the bound tenant, known by a verified e-mail address. */
public record EntrantView(UUID id, String email, boolean blocked, Instant createdAt) {}
