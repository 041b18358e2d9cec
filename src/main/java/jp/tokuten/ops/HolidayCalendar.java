package jp.tokuten.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Japanese public holidays (国民の祝日・休日) that business days are counted in, kept as data in
 * {@code ops.holidays}: seeded at start-up from the bundled {@code ops/holidays-jp.csv} (the data of the
 * MIT-licensed holiday_jp project, several years ahead; decision 141) when the table is empty, and replaced
 * year by year by an operator from a newer file, such as the Cabinet Office's {@code syukujitsu.csv}
 * (Shift_JIS, {@code 2027/4/29,昭和の日}) or a file like the bundled one (UTF-8, {@code 2027-04-29,昭和の日}).
 */
@Service
public class HolidayCalendar {

    /** A holiday and its name. */
    public record Holiday(LocalDate day, String name) {}

    private static final Pattern LINE =
            Pattern.compile("^\\s*\"?(\\d{4}[-/]\\d{1,2}[-/]\\d{1,2})\"?\\s*,\\s*\"?([^,\"]+)\"?.*$");
    private static final DateTimeFormatter SLASHED =
            DateTimeFormatter.ofPattern("uuuu/M/d").withResolverStyle(java.time.format.ResolverStyle.STRICT);
    private static final DateTimeFormatter DASHED =
            DateTimeFormatter.ofPattern("uuuu-M-d").withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    HolidayCalendar(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @EventListener(ApplicationStartedEvent.class)
    @Transactional
    public void seedWhenEmpty() {
        if (jdbc.sql("select count(*) from ops.holidays").query(Long.class).single() > 0) {
            return;
        }
        try (InputStream in = new ClassPathResource("ops/holidays-jp.csv").getInputStream()) {
            store(parse(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("The bundled holiday calendar cannot be read", e);
        }
    }

    /** The holidays from {@code from} to {@code to}, both included. */
    @Transactional(readOnly = true)
    public Set<LocalDate> between(LocalDate from, LocalDate to) {
        return new HashSet<>(jdbc.sql("select day from ops.holidays where day between ? and ?")
                .params(Date.valueOf(from), Date.valueOf(to))
                .query((rs, n) -> rs.getDate(1).toLocalDate())
                .list());
    }

    /** The holidays of one year, in order. */
    @Transactional(readOnly = true)
    public List<Holiday> year(int year) {
        return jdbc.sql("select day, name from ops.holidays where day >= ? and day < ? order by day")
                .params(Date.valueOf(LocalDate.of(year, 1, 1)), Date.valueOf(LocalDate.of(year + 1, 1, 1)))
                .query((rs, n) -> new Holiday(rs.getDate(1).toLocalDate(), rs.getString(2)))
                .list();
    }

    /** The last year the calendar knows. */
    @Transactional(readOnly = true)
    public int lastYear() {
        var last =
                jdbc.sql("select max(day) from ops.holidays").query(Date.class).optional();
        return last.map(d -> d.toLocalDate().getYear()).orElse(0);
    }

    /**
     * The {@code n}th business day after {@code from}. Refused (503 {@code holiday_calendar_outdated}) when the
     * calendar does not cover the days counted: a deletion date must not be computed from a calendar that
     * has no holidays for that year.
     */
    @Transactional(readOnly = true)
    public LocalDate nthBusinessDayAfter(LocalDate from, int n) {
        LocalDate horizon = from.plusDays(n * 3L + 30);
        if (lastYear() < horizon.getYear()) {
            throw new ProblemException(503, "holiday_calendar_outdated").with("lastYear", lastYear());
        }
        return BusinessDays.nthAfter(from, n, between(from, horizon));
    }

    /**
     * Replaces the holidays of every year the file names with the file's (a year it does not name is kept).
     * 422 {@code invalid_holidays} for a file with no holiday line or a bad date. Audited
     * ({@code holidays.loaded}). Returns the years replaced and how many holidays they now have.
     */
    @Transactional
    public Map<Integer, Integer> replace(byte[] file) {
        Map<LocalDate, String> parsed = parse(file);
        if (parsed.isEmpty()) {
            throw new ProblemException(422, "invalid_holidays");
        }
        var years = new TreeSet<Integer>();
        parsed.keySet().forEach(d -> years.add(d.getYear()));
        for (int y : years) {
            jdbc.sql("delete from ops.holidays where day >= ? and day < ?")
                    .params(Date.valueOf(LocalDate.of(y, 1, 1)), Date.valueOf(LocalDate.of(y + 1, 1, 1)))
                    .update();
        }
        store(parsed);
        var counts = new TreeMap<Integer, Integer>();
        parsed.keySet().forEach(d -> counts.merge(d.getYear(), 1, Integer::sum));
        audit.record("holidays.loaded", null, Map.of("years", counts.toString()));
        return counts;
    }

    private void store(Map<LocalDate, String> holidays) {
        var now = Timestamp.from(clock.instant());
        holidays.forEach((day, name) ->
                jdbc.sql("""
                        insert into ops.holidays (day, name, loaded_at) values (?, ?, ?)
                        on conflict (day) do update set name = excluded.name, loaded_at = excluded.loaded_at""").params(Date.valueOf(day), name, now).update());
    }

    /** Lines {@code date,name[,…]}; a header or any line without a date is skipped. UTF-8 (with or without BOM) or Shift_JIS. */
    static Map<LocalDate, String> parse(byte[] file) {
        String text = decode(file);
        var out = new TreeMap<LocalDate, String>();
        for (String line : text.split("\\R")) {
            var m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String date = m.group(1);
            try {
                LocalDate day = LocalDate.parse(date, date.contains("/") ? SLASHED : DASHED);
                String name = m.group(2).strip();
                if (name.isEmpty() || name.length() > 100) {
                    throw new ProblemException(422, "invalid_holidays").with("line", line.strip());
                }
                out.put(day, name);
            } catch (DateTimeParseException e) {
                throw new ProblemException(422, "invalid_holidays").with("line", line.strip());
            }
        }
        return out;
    }

    private static String decode(byte[] file) {
        try {
            String s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file))
                    .toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            return new String(file, Charset.forName("windows-31j"));
        }
    }
}
