package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelFilterTest {

    static boolean passes(List<KernelFilter> filters, int rawCanId) {
        return filters.stream().anyMatch(f -> f.matches(rawCanId));
    }

    @Test
    void exactFiltersPassTheirIdsAndNothingElse() {
        List<KernelFilter> filters = KernelFilter.forIds(List.of(
                new KernelFilter.Id(0x1DB, false), new KernelFilter.Id(0x12DD54D0, true)));
        assertThat(filters).containsExactly(
                new KernelFilter(0x1DB, 0xC000_07FF),
                new KernelFilter(0x8000_0000 | 0x12DD54D0, 0xDFFF_FFFF));
        assertThat(passes(filters, 0x1DB)).isTrue();
        assertThat(passes(filters, 0x1DC)).isFalse();
        assertThat(passes(filters, 0x1DB | KernelFilter.CAN_RTR_FLAG)).as("remote frame").isFalse();
        assertThat(passes(filters, 0x1DB | KernelFilter.CAN_EFF_FLAG)).as("29-bit id 0x1DB").isFalse();
        assertThat(passes(filters, 0x12DD54D0 | KernelFilter.CAN_EFF_FLAG)).isTrue();
        assertThat(passes(filters, 0x12DD54D0 & 0x7FF)).as("its low bits as an 11-bit id").isFalse();
    }

    @Test
    void tooManyIdsAreWidenedUntilTheyFitAndStillPassEveryWantedId() {
        List<KernelFilter.Id> ids = new ArrayList<>();
        for (int id = 0x100; id < 0x400; id += 3) {
            ids.add(new KernelFilter.Id(id, false));
        }
        ids.add(new KernelFilter.Id(0x18FF50E5, true));
        List<KernelFilter> filters = KernelFilter.forIds(ids, 64);
        assertThat(filters).hasSizeLessThanOrEqualTo(64);
        for (KernelFilter.Id id : ids) {
            int raw = id.id() | (id.extended() ? KernelFilter.CAN_EFF_FLAG : 0);
            assertThat(passes(filters, raw)).as("%s", id).isTrue();
        }
        assertThat(passes(filters, 0x7F0)).as("far from the wanted ids").isFalse();
        assertThat(passes(filters, 0x0E5)).as("below the wanted ids").isFalse();
        assertThat(passes(filters, 0x08FF50E5 | KernelFilter.CAN_EFF_FLAG)).as("another 29-bit id").isFalse();
        assertThat(passes(filters, 0x150 | KernelFilter.CAN_EFF_FLAG)).as("frame formats kept apart").isFalse();
        assertThat(KernelFilter.forIds(ids)).as("within the kernel's 512 no widening").hasSize(ids.size());
    }

    @Test
    void noIdsNoFiltersAndBadIdsAreRefused() {
        assertThat(KernelFilter.forIds(List.of())).isEmpty();
        assertThatThrownBy(() -> new KernelFilter.Id(0x800, false)).hasMessageContaining("11-bit");
    }
}
