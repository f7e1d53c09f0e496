package io.voltrace.edge.dbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes random but well-formed DBC text using the whole grammar the parser knows: CAN and CAN FD messages, both
 * byte orders, signed and float signals, multiplexers with cascades and ranges, attributes of every object, value
 * tables, comments, signal groups, long names. The fuzzer mutates these as it mutates real files.
 */
final class RandomDbc {

    private RandomDbc() {
    }

    static String generate(Random r) {
        StringBuilder sb = new StringBuilder();
        sb.append("VERSION \"gen").append(r.nextInt(100)).append("\"\n\nNS_ :\n\tCM_\n\tBA_DEF_\n\tSIG_GROUP_\n\n");
        sb.append("BS_:\n\nBU_:");
        int nodes = 1 + r.nextInt(4);
        for (int n = 0; n < nodes; n++) {
            sb.append(n > 0 && r.nextInt(4) == 0 ? "\n  " : " ").append("N").append(n);
        }
        sb.append("\nVAL_TABLE_ Table 0 \"Zero\" 1 \"One\" ;\n\n");
        int messages = 1 + r.nextInt(6);
        List<long[]> ids = new ArrayList<>();
        List<List<String>> signalNames = new ArrayList<>();
        for (int m = 0; m < messages; m++) {
            boolean extended = r.nextInt(3) == 0;
            long id = extended ? (r.nextInt(0x1FFF_FFFF) | 0x8000_0000L) : m * 16L + r.nextInt(16);
            int length = r.nextInt(5) == 0 ? new int[] {12, 16, 20, 24, 32, 48, 64}[r.nextInt(7)] : r.nextInt(9);
            ids.add(new long[] {id, length});
            sb.append("BO_ ").append(id).append(" Msg").append(m).append(": ").append(length).append(" N")
                    .append(r.nextInt(nodes)).append('\n');
            List<String> names = new ArrayList<>();
            int signals = length == 0 ? 0 : 1 + r.nextInt(8);
            List<String> multiplexers = new ArrayList<>();
            for (int s = 0; s < signals; s++) {
                String name = "Sig" + m + "_" + s;
                int bits = length * 8;
                int len = 1 + r.nextInt(Math.min(64, bits));
                boolean intel = r.nextBoolean();
                int start = r.nextInt(bits);
                String mux = "";
                if (s == 0 && r.nextInt(3) == 0) {
                    mux = "M ";
                    multiplexers.add(name);
                    len = Math.min(len, 8);
                } else if (!multiplexers.isEmpty() && r.nextInt(2) == 0) {
                    mux = "m" + r.nextInt(6) + (r.nextInt(5) == 0 ? "M" : "") + " ";
                    if (mux.endsWith("M ")) {
                        multiplexers.add(name);
                    }
                }
                sb.append(" SG_ ").append(name).append(' ').append(mux).append(": ").append(start).append('|')
                        .append(len).append('@').append(intel ? '1' : '0').append(r.nextBoolean() ? '+' : '-')
                        .append(" (").append(r.nextInt(4) == 0 ? "-0.5" : r.nextInt(3) == 0 ? "0.001" : "1")
                        .append(',').append(r.nextInt(3) == 0 ? "-40" : "0").append(") [0|0] \"unit\" N")
                        .append(r.nextInt(nodes)).append(r.nextBoolean() ? ",N0" : "").append('\n');
                names.add(name);
            }
            signalNames.add(names);
            sb.append('\n');
            for (String name : names) {
                if (multiplexers.size() > 1 && r.nextInt(2) == 0 && !name.equals(multiplexers.get(0))) {
                    String sw = multiplexers.get(r.nextInt(multiplexers.size()));
                    int from = r.nextInt(6);
                    sb.append("SG_MUL_VAL_ ").append(id).append(' ').append(name).append(' ').append(sw).append(' ')
                            .append(from).append('-').append(from + r.nextInt(3))
                            .append(r.nextBoolean() ? ", 9-12" : "").append(";\n");
                }
            }
        }
        sb.append("BA_DEF_ BO_ \"VFrameFormat\" ENUM \"StandardCAN\",\"ExtendedCAN\",\"StandardCAN_FD\","
                + "\"ExtendedCAN_FD\";\n");
        sb.append("BA_DEF_ SG_ \"SystemSignalLongSymbol\" STRING ;\n");
        sb.append("BA_DEF_ BO_ \"SystemMessageLongSymbol\" STRING ;\n");
        sb.append("BA_DEF_ BU_ \"SystemNodeLongSymbol\" STRING ;\n");
        sb.append("BA_DEF_ SG_ \"GenSigStartValue\" INT 0 100;\n");
        sb.append("BA_DEF_ BU_ \"NodeAddress\" HEX 0 255;\n");
        sb.append("BA_DEF_DEF_ \"VFrameFormat\" \"StandardCAN\";\n");
        sb.append("BA_ \"SystemNodeLongSymbol\" BU_ N0 \"NodeZeroWithAVeryLongNameIndeed\";\n");
        sb.append("BA_ \"NodeAddress\" BU_ N0 17;\n");
        sb.append("CM_ BU_ N0 \"first node\";\n");
        for (int m = 0; m < messages; m++) {
            long id = ids.get(m)[0];
            sb.append("BA_ \"VFrameFormat\" BO_ ").append(id).append(' ').append(r.nextInt(4)).append(";\n");
            if (r.nextInt(3) == 0) {
                sb.append("BA_ \"SystemMessageLongSymbol\" BO_ ").append(id).append(" \"MessageNumber").append(m)
                        .append("WithALongName\";\n");
            }
            sb.append("CM_ BO_ ").append(id).append(" \"message ").append(m).append("\";\n");
            List<String> names = signalNames.get(m);
            for (String name : names) {
                switch (r.nextInt(6)) {
                    case 0 -> sb.append("VAL_ ").append(id).append(' ').append(name)
                            .append(" 0 \"PRE_FIX_Off\" 1 \"PRE_FIX_On\" ;\n");
                    case 1 -> sb.append("SIG_VALTYPE_ ").append(id).append(' ').append(name).append(" : ")
                            .append(1 + r.nextInt(2)).append(";\n");
                    case 2 -> sb.append("BA_ \"SystemSignalLongSymbol\" SG_ ").append(id).append(' ').append(name)
                            .append(" \"").append(name).append("_HasAMuchLongerNameThan32Chars\";\n");
                    case 3 -> sb.append("CM_ SG_ ").append(id).append(' ').append(name).append(" \"about ")
                            .append(name).append("\";\n");
                    case 4 -> sb.append("BA_ \"GenSigStartValue\" SG_ ").append(id).append(' ').append(name)
                            .append(' ').append(r.nextInt(100)).append(";\n");
                    default -> {
                    }
                }
            }
            if (names.size() > 1) {
                sb.append("SIG_GROUP_ ").append(id).append(" Group").append(m).append(" 1 : ").append(names.get(0))
                        .append(' ').append(names.get(names.size() - 1)).append(";\n");
            }
        }
        return sb.toString();
    }
}
