package jp.tokuten.coupons.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import jp.tokuten.coupons.CouponReports;

/**
 * The geometry of a coupon's SVG charts, computed on the server so that the page needs no script (as the
 * campaign dashboard draws its own): coordinates in a viewBox that the browser scales to the screen.
 */
final class CouponCharts {

    static final int WIDTH = 600;
    static final int HEIGHT = 120;

    private CouponCharts() {}

    record Column(String label, long value, double x, double y, double width, double height) {}

    /** One series per day: its columns, the largest value, the total, the first and the last day. */
    record ColumnChart(String series, List<Column> columns, long max, long total, String first, String last) {}

    /** A horizontal bar: a name, its figures and its length in percent of the longest (0–100). */
    record Bar(String name, long used, long reversed, long value, double length) {}

    static ColumnChart columns(
            String series, List<CouponReports.DayCounts> days, ToLongFunction<CouponReports.DayCounts> count) {
        long max = days.stream().mapToLong(count).max().orElse(0);
        long total = days.stream().mapToLong(count).sum();
        double step = days.isEmpty() ? WIDTH : (double) WIDTH / days.size();
        double width = Math.max(1, step * 0.8);
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            var d = days.get(i);
            long v = count.applyAsLong(d);
            double h = max == 0 ? 0 : (double) HEIGHT * v / max;
            columns.add(new Column(
                    d.day().toString(),
                    v,
                    round(i * step + (step - width) / 2),
                    round(HEIGHT - h),
                    round(width),
                    round(h)));
        }
        return new ColumnChart(
                series,
                columns,
                max,
                total,
                days.isEmpty() ? "" : days.getFirst().day().toString(),
                days.isEmpty() ? "" : days.getLast().day().toString());
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
