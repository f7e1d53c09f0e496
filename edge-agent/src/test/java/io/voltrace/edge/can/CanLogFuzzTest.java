package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Mutated lines of every log format, with fixed seeds: a reader returns frames or sets lines aside, and nothing else
 * escapes (no NumberFormatException, no IndexOutOfBounds, no frame that breaks {@link CanFrame}'s invariants).
 */
class CanLogFuzzTest {

    private static final String[] ASC = {
        "date Thu Nov 9 08:36:33.123 pm 2023", "base hex  timestamps absolute", "internal events logged",
        "   0.153600 0  594\tRx   d 8 34 21 34 21 A0 61 04 20 ",
        "   0.010000 1  18FEF100x       Rx   d 8 01 02 03 04 05 06 07 08  Length = 0 BitCount = 0 ID = 419361024x",
        "   0.040000 CANFD   1 Rx        1ABx  EngineData   1 0 d 32 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
                + " 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f   102203  565  303000  7c28b2ef 46500250",
        "   0.050000 CANFD   2 Tx        100    0 0 4 4 de ad be ef   50000  130   1000  0 0 0 0 0",
        "   0.025000 1  ErrorFrame", "   0.030000 1  7FF             Rx   r", "End TriggerBlock"};
    private static final String[] SAVVY = {
        "Time Stamp,ID,Extended,Dir,Bus,LEN,D1,D2,D3,D4,D5,D6,D7,D8",
        "1953613500,00000109,false,Rx,0,8,00,01,00,FF,FF,FF,0F,3D", "303004300,00000450,false,Rx,0,3,00,C2,05",
        "302991800,18FEF100,true,Tx,1,2,aa,BB"};
    private static final String[] CANDUMP = {
        "(1436509052.249713) vcan0 044#2A366C2BBA", "(1436509052.250500) vcan0 321##1AABBCCDDEEFF0011",
        "  can0  123   [2]  01 02", "(002.047817)  vcan0  18FF50E5   [8]  F0 01 FF FF FF FF FF FF   '........'",
        "(1.0) can0 123#R"};
    private static final String NOISE = "0123456789abcdefxX#.,:;[]() \t-+rdRxTxCANFDErrorFrame\u00FF\u0000";

    @Test
    void mutatedLinesAreSetAsideNeverThrown() throws IOException {
        Random random = new Random(99);
        List<String> failures = new ArrayList<>();
        long frames = 0;
        long rejected = 0;
        for (int round = 0; round < 1500; round++) {
            int kind = round % 3;
            String[] lines = kind == 0 ? ASC : kind == 1 ? SAVVY : CANDUMP;
            StringBuilder log = new StringBuilder(lines[0]).append('\n');
            for (int k = 0; k < 20; k++) {
                log.append(mutate(lines[1 + random.nextInt(lines.length - 1)], random)).append('\n');
            }
            BiFunction<String, StringReader, CanLogSource> open = kind == 0 ? AscLogSource::new
                    : kind == 1 ? SavvyCsvLogSource::new : CandumpLogSource::new;
            try (CanLogSource source = open.apply("fuzz.log", new StringReader(log.toString()))) {
                while (source.next() != null) {
                    frames++;
                }
                rejected += source.rejectedCount();
                assertThat(source.rejected()).allMatch(r -> r.matches("fuzz\\.log:\\d+: \\S.*"));
            } catch (RuntimeException e) {
                failures.add(e + " in\n" + log);
                if (failures.size() > 5) {
                    break;
                }
            }
        }
        System.out.printf("fuzz: 1500 mutated logs, %d frames read, %d lines set aside%n", frames, rejected);
        assertThat(failures).isEmpty();
        assertThat(frames).isPositive();
        assertThat(rejected).isPositive();
    }

    private static String mutate(String line, Random r) {
        StringBuilder sb = new StringBuilder(line);
        for (int n = r.nextInt(4); n > 0 && sb.length() > 0; n--) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, NOISE.charAt(r.nextInt(NOISE.length())));
                case 2 -> sb.setLength(at);
                default -> sb.setCharAt(at, NOISE.charAt(r.nextInt(NOISE.length())));
            }
        }
        return sb.toString();
    }
}
