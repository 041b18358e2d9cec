package jp.tokuten.coupons.web;

import java.util.List;
import java.util.function.ToLongFunction;
import jp.tokuten.coupons.CouponReports;
import jp.tokuten.shared.SvgCharts;

/**
 * The geometry of a coupon's SVG charts, computed on the server so that the page needs no script (as the
 * campaign dashboard draws its own): coordinates in a viewBox that the browser scales to the screen.
 */
final class CouponCharts {

    static final int WIDTH = 600;
    static final int HEIGHT = 120;

    private CouponCharts() {}

    /** A horizontal bar: a name, its figures and its length in percent of the longest (0–100). */
    record Bar(String name, long used, long reversed, long value, double length) {}

    /** One series per day, drawn as columns by the shared chart geometry. */
    static SvgCharts.ColumnChart columns(
            String series, List<CouponReports.DayCounts> days, ToLongFunction<CouponReports.DayCounts> count) {
        return SvgCharts.columns(
                series,
                days.stream()
                        .map(d -> new SvgCharts.Point(d.day().toString(), count.applyAsLong(d)))
                        .toList(),
                WIDTH,
                HEIGHT);
    }

    record Named(String name, long used, long reversed, long value) {}

    static List<Bar> bars(List<Named> items) {
        long max = items.stream().mapToLong(i -> i.used() + i.reversed()).max().orElse(0);
        return items.stream()
                .map(i -> new Bar(
                        i.name(), i.used(), i.reversed(), i.value(), max <= 0 ? 0 : round(100.0 * i.used() / max)))
                .toList();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
