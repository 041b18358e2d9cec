package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.Set;
import jp.tokuten.shared.ProblemException;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** Business days in Japan, counted over the bundled holiday calendar. */
class BusinessDaysTests {

    static Set<LocalDate> bundled() throws IOException {
        return HolidayCalendar.parse(new ClassPathResource("ops/holidays-jp.csv").getContentAsByteArray())
                .keySet();
    }

    @Test
    void terminationOnTheFridayBeforeGoldenWeekIsDeletedOnTheTenthBusinessDayAfterIt() throws IOException {
        // Friday 2027-04-30. Not counted: Sat 1, Sun 2, Mon 3 憲法記念日, Tue 4 みどりの日, Wed 5 こどもの日.
        // Counted: Thu 6 (1), Fri 7 (2), Mon 10 (3), Tue 11 (4), Wed 12 (5), Thu 13 (6), Fri 14 (7),
        // Mon 17 (8), Tue 18 (9), Wed 19 (10).
        assertThat(BusinessDays.nthAfter(LocalDate.of(2027, 4, 30), 10, bundled()))
                .isEqualTo(LocalDate.of(2027, 5, 19));
    }

    @Test
    void aWeekWithoutHolidaysCountsOnlyWeekdays() throws IOException {
        // Monday 2027-06-07 → Tue 8 … Fri 11 (4), Mon 14 … Fri 18 (9), Mon 21 (10)
        assertThat(BusinessDays.nthAfter(LocalDate.of(2027, 6, 7), 10, bundled()))
                .isEqualTo(LocalDate.of(2027, 6, 21));
    }

    @Test
    void theBundledCalendarKnowsGoldenWeekAndSubstituteHolidays() throws IOException {
        var days = bundled();
        assertThat(days)
                .contains(
                        LocalDate.of(2027, 4, 29),
                        LocalDate.of(2027, 5, 3),
                        LocalDate.of(2027, 5, 4),
                        LocalDate.of(2027, 5, 5),
                        LocalDate.of(2026, 5, 6)) // 振替休日
                .doesNotContain(LocalDate.of(2027, 5, 6));
        assertThat(days.stream().mapToInt(LocalDate::getYear).max().orElseThrow())
                .isGreaterThanOrEqualTo(2030);
    }

    @Test
    void readsTheCabinetOfficeFileInShiftJis() {
        byte[] file = "国民の祝日・休日月日,国民の祝日・休日名称\r\n2027/4/29,昭和の日\r\n2027/5/3,憲法記念日\r\n"
                .getBytes(Charset.forName("windows-31j"));
        assertThat(HolidayCalendar.parse(file))
                .containsEntry(LocalDate.of(2027, 4, 29), "昭和の日")
                .containsEntry(LocalDate.of(2027, 5, 3), "憲法記念日")
                .hasSize(2);
    }

    @Test
    void refusesABadDate() {
        assertThatThrownBy(() -> HolidayCalendar.parse("2027-02-30,bad\n".getBytes(Charset.forName("UTF-8"))))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("invalid_holidays");
    }
}
