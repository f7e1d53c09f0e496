package io.voltrace.edge.can;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One {@code struct can_filter} for a raw CAN socket ({@code CAN_RAW_FILTER}): a frame passes when
 * {@code (frame.can_id & mask) == (canId & mask)}. Both words use the kernel's layout, flags in the top bits.
 *
 * <p>Built from the message ids a mapping needs, so the kernel drops every other frame before it costs a system call.
 * Each filter matches one id exactly, data frames only, of its own frame format (an 11-bit 0x123 never lets a 29-bit
 * 0x123 through). The kernel takes at most {@value #KERNEL_MAX_FILTERS} filters; past that the filters are widened bit
 * by bit (the lowest id bits stop being compared) until they fit: more frames get through than needed, never fewer,
 * and the sampler ignores the rest.
 */
public record KernelFilter(int canId, int mask) {

    /** {@code CAN_RAW_FILTER_MAX}. */
    public static final int KERNEL_MAX_FILTERS = 512;
    public static final int CAN_EFF_FLAG = 0x8000_0000;
    public static final int CAN_RTR_FLAG = 0x4000_0000;
    public static final int CAN_ERR_FLAG = 0x2000_0000;
    public static final int CAN_SFF_MASK = 0x0000_07FF;
    public static final int CAN_EFF_MASK = 0x1FFF_FFFF;

    /** A message id to let through: 11-bit, or 29-bit when {@code extended}. */
    public record Id(int id, boolean extended) {
        public Id {
            if (id < 0 || id > (extended ? CAN_EFF_MASK : CAN_SFF_MASK)) {
                throw new IllegalArgumentException("id 0x" + Integer.toHexString(id) + " out of range for a "
                        + (extended ? "29" : "11") + "-bit identifier");
            }
        }
    }

    /** Whether the kernel would pass a frame with this {@code can_id} (id plus EFF/RTR/ERR flags). */
    public boolean matches(int rawCanId) {
        return (rawCanId & mask) == (canId & mask);
    }

    /** Filters passing exactly these ids (widened only past {@link #KERNEL_MAX_FILTERS}). Empty in, empty out. */
    public static List<KernelFilter> forIds(Collection<Id> ids) {
        return forIds(ids, KERNEL_MAX_FILTERS);
    }

    /** As {@link #forIds(Collection)} with another limit; exposed for tests. */
    public static List<KernelFilter> forIds(Collection<Id> ids, int maxFilters) {
        if (maxFilters < 1) {
            throw new IllegalArgumentException("maxFilters " + maxFilters);
        }
        for (int ignoredBits = 0; ignoredBits <= 29; ignoredBits++) {
            Set<KernelFilter> filters = new LinkedHashSet<>();
            for (Id id : ids) {
                filters.add(widened(id, ignoredBits));
            }
            if (filters.size() <= maxFilters) {
                List<KernelFilter> sorted = new ArrayList<>(filters);
                sorted.sort(Comparator.comparing((KernelFilter f) -> (f.canId() & CAN_EFF_FLAG) != 0)
                        .thenComparingInt(f -> f.canId() & CAN_EFF_MASK));
                return List.copyOf(sorted);
            }
        }
        // Unreachable: with every id bit ignored there are at most two filters (standard and extended).
        throw new IllegalStateException("cannot fit " + ids.size() + " ids into " + maxFilters + " filters");
    }

    private static KernelFilter widened(Id id, int ignoredBits) {
        int idMask = (id.extended() ? CAN_EFF_MASK : CAN_SFF_MASK) & (-1 << ignoredBits);
        int mask = CAN_EFF_FLAG | CAN_RTR_FLAG | idMask;
        int canId = (id.extended() ? CAN_EFF_FLAG : 0) | (id.id() & idMask);
        return new KernelFilter(canId, mask);
    }

    @Override
    public String toString() {
        return String.format("KernelFilter[%08X/%08X]", canId, mask);
    }
}
