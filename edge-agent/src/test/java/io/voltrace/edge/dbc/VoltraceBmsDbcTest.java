package io.voltrace.edge.dbc;

import static io.voltrace.edge.dbc.TestDbc.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The project's own DBC, as the simulator and the agent use it. */
class VoltraceBmsDbcTest {

    private static DbcDatabase db;

    @BeforeAll
    static void load() throws Exception {
        db = TestDbc.voltraceBms();
    }

    @Test
    void hasTheFourMessagesAndNoWarnings() {
        assertThat(db.messages()).extracting(DbcMessage::name)
                .containsExactly("BMS_PackStatus", "BMS_Temperatures", "BMS_CellVoltages", "BMS_Isolation");
        assertThat(db.messages()).extracting(DbcMessage::id).containsExactly(0x100, 0x101, 0x102, 0x103);
        assertThat(db.messages()).allSatisfy(m -> {
            assertThat(m.extended()).isFalse();
            assertThat(m.fd()).isFalse();
            assertThat(m.length()).isEqualTo(8);
            assertThat(m.sender()).isEqualTo("BMS");
        });
        assertThat(db.warnings()).isEmpty();
        assertThat(db.version()).isEqualTo("voltrace-bms 1.0");
        assertThat(db.nodes()).containsExactly("BMS", "VCU");
        assertThat(db.comment()).startsWith("voltrace reference BMS: a 96s pack");
        assertThat(db.message(0x102, false)).isSameAs(db.messageByName("BMS_CellVoltages"));
        assertThat(db.message(0x102, true)).isNull();
        assertThat(db.message(0x7FF, false)).isNull();
        assertThat(db.messageByName("nope")).isNull();
    }

    @Test
    void has96CellVoltagesOn24Pages() {
        DbcMessage cells = db.messageByName("BMS_CellVoltages");
        assertThat(cells.multiplexer().name()).isEqualTo("CellPage");
        assertThat(cells.multiplexerIndex()).isZero();
        List<DbcSignal> voltages = cells.signals().stream().filter(s -> s.name().startsWith("CellVoltage")).toList();
        assertThat(voltages).hasSize(96);
        TreeSet<Long> pages = voltages.stream().map(DbcSignal::multiplexerValue)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(pages).hasSize(24);
        assertThat(pages.first()).isZero();
        assertThat(pages.last()).isEqualTo(23L);
        for (int n = 1; n <= 96; n++) {
            DbcSignal s = cells.signal(String.format("CellVoltage%03d", n));
            assertThat(s.multiplexerValue()).as("page of cell %d", n).isEqualTo((n - 1) / 4L);
            assertThat(s.length()).isEqualTo(13);
            assertThat(s.factor()).isEqualTo(0.001);
            assertThat(s.unit()).isEqualTo("V");
            assertThat(s.receivers()).containsExactly("VCU");
        }
        DbcMessage temps = db.messageByName("BMS_Temperatures");
        assertThat(temps.signals()).filteredOn(DbcSignal::isMultiplexed).hasSize(16)
                .extracting(DbcSignal::multiplexerValue).containsOnly(0L, 1L, 2L);
    }

    @Test
    void keepsChoicesCommentsAndAttributes() {
        DbcMessage pack = db.messageByName("BMS_PackStatus");
        assertThat(pack.signal("BmsState").choices())
                .containsExactly(entry(0L, "IDLE"), entry(1L, "DRIVE"), entry(2L, "CHARGE"), entry(3L, "FAULT"));
        DbcSignal current = pack.signal("PackCurrent");
        assertThat(current.signed()).isTrue();
        assertThat(current.byteOrder()).isEqualTo(DbcSignal.ByteOrder.INTEL);
        assertThat(current.comment()).startsWith("Positive into the pack");
        assertThat(pack.comment()).isEqualTo("Pack level values, sent every 100 ms.");
        assertThat(pack.attribute("GenMsgCycleTime")).isEqualTo(100L);
        assertThat(db.messageByName("BMS_Isolation").attribute("GenMsgCycleTime")).isEqualTo(1000L);
        assertThat(pack.signalIndex("PackSoc")).isEqualTo(2);
        assertThat(pack.signalIndex("Nope")).isEqualTo(-1);
        assertThat(pack.signal("Nope")).isNull();
    }

    @Test
    void decodesAHandBuiltPackStatusFrame() {
        // 400.00 V -> 40000 = 0x9C40; -100 A -> -2000 = 0xF830; 85.0 % -> 850 = 0x352 at bit 32;
        // CHARGE (2) at bit 42 -> byte 5 = 0x03 | 2 << 2; counter 9 at bit 60 -> byte 7 = 0x90
        byte[] frame = hex("409C30F8520B0090");
        DbcMessage pack = db.messageByName("BMS_PackStatus");
        assertThat(pack.decodeToMap(frame, 8, true)).containsExactly(
                entry("PackVoltage", 400.0), entry("PackCurrent", -100.0), entry("PackSoc", 85.0),
                entry("BmsState", "CHARGE"), entry("PackStatusCounter", 9.0));
        assertThat(pack.decodeToMap(frame, 8, false)).containsEntry("BmsState", 2.0);

        Map<String, Double> values = new LinkedHashMap<>();
        values.put("PackVoltage", 400.0);
        values.put("PackCurrent", -100.0);
        values.put("PackSoc", 85.0);
        values.put("BmsState", 2.0);
        values.put("PackStatusCounter", 9.0);
        assertThat(hex(pack.encode(values))).isEqualTo("409c30f8520b0090");
    }

    @Test
    void encodesOnlyTheSelectedCellPage() {
        DbcMessage cells = db.messageByName("BMS_CellVoltages");
        double[] values = new double[cells.signals().size()];
        for (int i = 1; i < values.length; i++) {
            values[i] = 3.0 + i / 1000.0;
        }
        values[0] = 5;
        byte[] out = new byte[8];
        cells.encode(values, out);

        List<String> seen = new ArrayList<>();
        Map<String, Double> physical = new LinkedHashMap<>();
        int n = cells.decode(out, 8, (signal, index, raw, value) -> {
            seen.add(signal.name());
            physical.put(signal.name(), value);
            assertThat(cells.signals().get(index)).isSameAs(signal);
        });
        assertThat(n).isEqualTo(5);
        assertThat(seen).containsExactly("CellPage", "CellVoltage021", "CellVoltage022", "CellVoltage023",
                "CellVoltage024");
        int i21 = cells.signalIndex("CellVoltage021");
        assertThat(physical.get("CellVoltage021")).isCloseTo(values[i21], org.assertj.core.data.Offset.offset(1e-9));
        assertThat(out[0]).isEqualTo((byte) 5);
    }

    @Test
    void truncatedFrameDeliversOnlyWhatFits() {
        DbcMessage pack = db.messageByName("BMS_PackStatus");
        assertThat(pack.decodeToMap(hex("409C30F8520B0090"), 4, false)).containsOnlyKeys("PackVoltage", "PackCurrent");
        assertThat(pack.decodeToMap(new byte[0], 0, false)).isEmpty();
    }

    @Test
    void parsesTheResourceFileFromDiskToo() throws Exception {
        Path file = Path.of(VoltraceBmsDbcTest.class.getResource("/dbc/voltrace-bms.dbc").toURI());
        DbcDatabase fromFile = DbcParser.parse(file);
        assertThat(fromFile.sourceName()).isEqualTo("voltrace-bms.dbc");
        assertThat(fromFile.messages()).hasSize(4);
        assertThat(fromFile.warnings()).isEmpty();
    }

    @Test
    void hotPathDoesNotAllocate() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean b && b.isThreadAllocatedMemorySupported(),
                "thread allocation counter not available");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        DbcMessage cells = db.messageByName("BMS_CellVoltages");
        DbcMessage pack = db.messageByName("BMS_PackStatus");
        double[] values = new double[cells.signals().size()];
        double[] packValues = {400, -100, 85, 2, 9};
        byte[] frame = new byte[8];
        double[] sum = new double[1];
        SignalSink sink = (signal, index, raw, physical) -> sum[0] += physical;
        Runnable work = () -> {
            for (int i = 0; i < 200_000; i++) {
                values[0] = i % 24;
                values[1 + (i % 96)] = 3.3;
                DbcMessage m = db.message(0x100 + i % 3, false);
                cells.encode(values, frame);
                m.decode(frame, 8, sink);
                pack.encode(packValues, frame);
                pack.decode(frame, 8, sink);
            }
        };
        work.run(); // warm up: class loading, VarHandle linkage, JIT
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        work.run();
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        // 800k encode/decode calls: anything per call would be megabytes.
        assertThat(allocated).as("bytes allocated by 800k encode/decode calls").isLessThan(64 * 1024);
        assertThat(sum[0]).isNotZero();
    }
}
