package jp.tokuten.tenancy;

/** Another tenant already uses the slug. */
public class TenantSlugTakenException extends RuntimeException {

    public TenantSlugTakenException(String slug) {
        super("The slug '" + slug + "' is already used by another tenant");
    }
}
