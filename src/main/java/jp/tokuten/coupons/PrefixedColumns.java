package jp.tokuten.coupons;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;

/**
 * A view of a result set in which a column named {@code name} is read from {@code prefix + name}: so that a row
 * holding two entities with columns of the same names (an instance and its coupon, each with {@code id},
 * {@code valid_from}, {@code created_at}) is read by each entity's own mapper, in one round trip.
 */
final class PrefixedColumns {

    private PrefixedColumns() {}

    static ResultSet of(ResultSet rs, String prefix) {
        return (ResultSet) Proxy.newProxyInstance(
                ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (proxy, method, args) -> {
                    if (args != null
                            && args.length > 0
                            && args[0] instanceof String column
                            && method.getParameterTypes()[0] == String.class) {
                        args = args.clone();
                        args[0] = prefix + column;
                    }
                    try {
                        return method.invoke(rs, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
