package jp.tokuten.audit;

import java.util.List;
import java.util.Optional;

/** The result of recomputing audit chains, one {@link ChainVerification} per chain. */
public record VerificationReport(List<ChainVerification> chains) {

    public VerificationReport {
        chains = List.copyOf(chains);
    }

    public boolean intact() {
        return chains.stream().allMatch(ChainVerification::intact);
    }

    /** The first broken chain, in the order of the report. */
    public Optional<ChainVerification> firstBroken() {
        return chains.stream().filter(c -> !c.intact()).findFirst();
    }

    public long checkedEntries() {
        return chains.stream().mapToLong(ChainVerification::checked).sum();
    }

    /** One line when intact; otherwise one line per broken chain, the first broken chain first. */
    public String summary() {
        if (intact()) {
            return "audit chains intact: " + chains.size() + " chains, " + checkedEntries() + " entries verified, "
                    + chains.stream().mapToLong(ChainVerification::pending).sum() + " not yet sealed";
        }
        var sb = new StringBuilder();
        for (var c : chains) {
            if (!c.intact()) {
                sb.append("audit chain BROKEN: ")
                        .append(c.chainName())
                        .append(": first bad entry ")
                        .append(c.firstBadEntry() == null ? "-" : c.firstBadEntry())
                        .append(": ")
                        .append(c.problem())
                        .append(" (")
                        .append(c.checked())
                        .append(" entries verified before it)\n");
            }
        }
        return sb.toString().stripTrailing();
    }
}
