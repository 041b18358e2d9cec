package jp.tokuten.stores;

import java.util.List;

/** One page of a store search: {@code page} counts from 0, {@code total} is every match. */
public record StorePage(List<StoreView> items, long total, int page, int size) {

    public int pages() {
        return (int) ((total + size - 1) / size);
    }
}
