package jp.tokuten.tenancy;

/**
 * How much of one capped thing a tenant uses: {@code used} of {@code cap}. For the API rate, {@code used} is
 * the requests of the current minute on this node.
 */
public record UsageView(PlanLimit limit, long used, long cap) {

    public boolean reached() {
        return used >= cap;
    }

    /** The share used, 0 to 100, for the usage bars. */
    public int percent() {
        return cap <= 0 ? 100 : (int) Math.min(100, used * 100 / cap);
    }
}
