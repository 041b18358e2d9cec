package jp.tokuten.consumer;

/** Where the consumer chain leaves the tenant it resolved from {@code /c/{slug}/…}, for the pages' controllers. */
public final class ConsumerTenant {

    /** The request attribute holding the {@link jp.tokuten.tenancy.TenantView} resolved from the URL. */
    public static final String ATTRIBUTE = "tokuten.consumer.tenant";

    private ConsumerTenant() {}
}
