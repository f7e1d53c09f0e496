package io.voltrace.analytics.intake;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes readings in the vendors' layouts, built from their public documentation (no vendor file was at hand):
 * Arbin MITS Pro "Export to Excel" (Global_Info, Channel_n-m data sheets split at a row limit, Statistics_n-m),
 * Neware BTS 8 export (CSV, and the workbook's unit/test/cycle/step/record sheets), BioLogic EC-Lab ASCII (.mpt, per
 * the EC-Lab software manual's "Export as text" section), and the older binary Excel (.xls) exports of Arbin MITS Pro
 * and Neware BTSDA.
 */
final class BenchWriters {
    private BenchWriters() {
    }

    static final List<String> ARBIN = List.of("Data_Point", "Test_Time(s)", "Date_Time", "Step_Time(s)", "Step_Index",
            "Cycle_Index", "Current(A)", "Voltage(V)", "Charge_Capacity(Ah)", "Discharge_Capacity(Ah)",
            "Charge_Energy(Wh)", "Discharge_Energy(Wh)", "dV/dt(V/s)", "Internal_Resistance(Ohm)");

    /** Arbin workbook; the data sheets hold at most {@code sheetRows} readings each. Counters from the current. */
    static void arbinXlsx(Path file, List<CyclerRow> rows, int sheetRows, boolean counters) {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200); OutputStream out = Files.newOutputStream(file)) {
            Sheet info = wb.createSheet("Global_Info");
            info.createRow(0).createCell(0).setCellValue("TEST REPORT");
            info.createRow(3).createCell(0).setCellValue("Channel");
            double qd = 0;
            double ed = 0;
            Sheet data = null;
            int r = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (i % sheetRows == 0) {
                    data = wb.createSheet(i == 0 ? "Channel_1-006" : "Channel_1-006_" + (i / sheetRows));
                    header(data.createRow(0), ARBIN);
                    r = 1;
                }
                CyclerRow x = rows.get(i);
                if (i > 0 && x.amps() < 0) {
                    CyclerRow p = rows.get(i - 1);
                    double dt = x.seconds() - p.seconds();
                    qd += -x.amps() * dt / 3600;
                    ed += -x.amps() * x.volts() * dt / 3600;
                }
                Row row = data.createRow(r++);
                Object[] v = {i + 1, x.seconds(), "12/01/2026 10:00:00", 0.0, x.step(), 1, x.amps(), x.volts(), 0.0,
                        counters ? qd : Double.NaN, 0.0, counters ? ed : Double.NaN, 0.0, 0.0};
                for (int c = 0; c < v.length; c++) {
                    if (v[c] instanceof Number n) {
                        if (!Double.isNaN(n.doubleValue())) {
                            row.createCell(c).setCellValue(n.doubleValue());
                        }
                    } else {
                        row.createCell(c).setCellValue((String) v[c]);
                    }
                }
            }
            Sheet stats = wb.createSheet("Statistics_1-006");
            header(stats.createRow(0), List.of("Cycle_Index", "Discharge_Capacity(Ah)"));
            wb.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Arbin MITS Pro's "Export to Excel", as the old binary .xls (the file's name ends in .xls) or as xlsx:
     * {@code Global_Info}, the data split over {@code Channel_1-009}, {@code Channel_1-009_1}, … of at most
     * {@code sheetRows} readings (65,535 under the header fill an .xls sheet), and {@code Statistics_1-009}. The readings' own bench counters are written as they are (each column only when the
     * readings have it); {@code Date_Time} is a date cell, as Excel keeps dates.
     */
    static void arbinExcel(Path file, List<CyclerRow> rows, int sheetRows) {
        boolean ah = !rows.isEmpty() && !Double.isNaN(rows.get(0).dischargeAh());
        boolean wh = !rows.isEmpty() && !Double.isNaN(rows.get(0).dischargeWh());
        List<String> header = new java.util.ArrayList<>(List.of("Data_Point", "Test_Time(s)", "Date_Time",
                "Step_Index", "Current(A)", "Voltage(V)"));
        if (ah) {
            header.add("Discharge_Capacity(Ah)");
        }
        if (wh) {
            header.add("Discharge_Energy(Wh)");
        }
        boolean xls = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xls");
        try (Workbook wb = xls ? new HSSFWorkbook() : new SXSSFWorkbook(200);
             OutputStream out = Files.newOutputStream(file)) {
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("m/d/yyyy h:mm:ss"));
            Sheet info = wb.createSheet("Global_Info");
            info.createRow(0).createCell(0).setCellValue("TEST REPORT");
            info.createRow(3).createCell(0).setCellValue("Channel");
            double start = 46_357.0; // 2026-12-01 in Excel's days
            Sheet data = null;
            int r = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (i % sheetRows == 0) {
                    data = wb.createSheet(i == 0 ? "Channel_1-009" : "Channel_1-009_" + (i / sheetRows));
                    header(data.createRow(0), header);
                    r = 1;
                }
                CyclerRow x = rows.get(i);
                Row row = data.createRow(r++);
                row.createCell(0).setCellValue(i + 1);
                row.createCell(1).setCellValue(x.seconds());
                Cell d = row.createCell(2);
                d.setCellValue(start + x.seconds() / 86_400);
                d.setCellStyle(date);
                row.createCell(3).setCellValue(x.step());
                row.createCell(4).setCellValue(x.amps());
                row.createCell(5).setCellValue(x.volts());
                if (ah) {
                    row.createCell(6).setCellValue(x.dischargeAh());
                }
                if (wh) {
                    row.createCell(ah ? 7 : 6).setCellValue(x.dischargeWh());
                }
            }
            Sheet stats = wb.createSheet("Statistics_1-009");
            header(stats.createRow(0), List.of("Cycle_Index", "Discharge_Capacity(Ah)"));
            wb.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Neware BTSDA's binary export (.xls): the columns of {@link #NEWARE_HEADER} on {@code sheet}, continued on
     * {@code sheet_1}, … after {@code sheetRows} readings; current in mA and unsigned, {@code Total Time} a duration
     * cell ({@code [h]:mm:ss.000}, days as Excel keeps them) as BTSDA writes it.
     */
    static void newareXls(Path file, List<CyclerRow> rows, String sheet, int sheetRows) {
        try (HSSFWorkbook wb = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            CellStyle duration = wb.createCellStyle();
            duration.setDataFormat(wb.createDataFormat().getFormat("[h]:mm:ss.000"));
            wb.createSheet("Info").createRow(0).createCell(0).setCellValue("BTSDA");
            Sheet data = null;
            int r = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (i % sheetRows == 0) {
                    data = wb.createSheet(i == 0 ? sheet : sheet + "_" + (i / sheetRows));
                    header(data.createRow(0), List.of(NEWARE_HEADER.split(",")));
                    r = 1;
                }
                String[] cells = neware(rows.get(i), i);
                Row row = data.createRow(r++);
                for (int c = 0; c < cells.length; c++) {
                    if (c == 5) {
                        Cell t = row.createCell(c);
                        t.setCellValue(rows.get(i).seconds() / 86_400);
                        t.setCellStyle(duration);
                    } else if (c == 3 || c == 4 || c == 10) {
                        row.createCell(c).setCellValue(cells[c]);
                    } else {
                        row.createCell(c).setCellValue(Double.parseDouble(cells[c]));
                    }
                }
            }
            wb.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String NEWARE_HEADER = "DataPoint,Cycle Index,Step Index,Step Type,Time,Total Time,Current(mA),"
            + "Voltage(V),Capacity(mAh),Energy(mWh),Date";

    /** Neware BTS 8 CSV: currents in mA and unsigned (the step type gives the direction), times as h:mm:ss. */
    static void newareCsv(Path file, List<CyclerRow> rows) {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write(NEWARE_HEADER + "\n");
            for (int i = 0; i < rows.size(); i++) {
                w.write(String.join(",", neware(rows.get(i), i)) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void newareXlsx(Path file, List<CyclerRow> rows) {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200); OutputStream out = Files.newOutputStream(file)) {
            for (String s : List.of("unit", "test", "cycle", "step")) {
                wb.createSheet(s).createRow(0).createCell(0).setCellValue(s);
            }
            Sheet record = wb.createSheet("record");
            header(record.createRow(0), List.of(NEWARE_HEADER.split(",")));
            for (int i = 0; i < rows.size(); i++) {
                String[] cells = neware(rows.get(i), i);
                Row row = record.createRow(i + 1);
                for (int c = 0; c < cells.length; c++) {
                    if (c == 3 || c == 4 || c == 5 || c == 10) {
                        row.createCell(c).setCellValue(cells[c]);
                    } else {
                        row.createCell(c).setCellValue(Double.parseDouble(cells[c]));
                    }
                }
            }
            wb.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] neware(CyclerRow x, int i) {
        String type = x.amps() > 0 ? (x.volts() >= 4.199 ? "CCCV_Chg" : "CC_Chg") : x.amps() < 0 ? "CC_DChg" : "Rest";
        long ms = Math.round(x.seconds() * 1000);
        String total = String.format(Locale.ROOT, "%d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60,
                ms / 1000 % 60, ms % 1000);
        return new String[] {Integer.toString(i + 1), "1", Integer.toString(x.step()), type, "0:00:00", total,
                fmt(Math.abs(x.amps()) * 1000), fmt(x.volts()), "0", "0", "2026-12-01 10:00:00"};
    }

    /**
     * EC-Lab ASCII: "EC-Lab ASCII FILE", "Nb header lines : N", settings text, then the tab-separated column line (the
     * N-th); µ in Windows-1252; {@code decimalComma} as EC-Lab writes on a European locale.
     */
    static void biologicMpt(Path file, List<CyclerRow> rows, boolean decimalComma) {
        List<String> settings = List.of("", "Galvanostatic Cycling with Potential Limitation", "",
                "Run on channel : 1 (SN 0001)", "Electrode material : ", "Mass of active material : 0.001 mg",
                "Cycle Definition : Charge/Discharge alternance", "Capacitance charge/µF noted");
        String columns = String.join("\t", "mode", "ox/red", "error", "control changes", "Ns changes",
                "counter inc.", "Ns", "time/s", "control/V/mA", "Ewe/V", "I/mA", "dQ/C", "(Q-Qo)/mA.h",
                "half cycle", "Q charge/discharge/mA.h", "cycle number");
        int headerLines = 2 + settings.size() + 1;
        try (Writer w = Files.newBufferedWriter(file, Charset.forName("windows-1252"))) {
            w.write("EC-Lab ASCII FILE\r\n");
            w.write("Nb header lines : " + headerLines + "\r\n");
            for (String s : settings) {
                w.write(s + "\r\n");
            }
            w.write(columns + "\t\r\n");
            for (CyclerRow x : rows) {
                String line = String.join("\t", x.amps() == 0 ? "3" : "1", x.amps() >= 0 ? "1" : "0", "0", "0",
                        "0", "0", Integer.toString(x.step()), sci(x.seconds()), sci(x.amps() * 1000),
                        sci(x.volts()), sci(x.amps() * 1000), "0", "0", "0", "0", "0");
                w.write((decimalComma ? line.replace('.', ',') : line) + "\t\r\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void header(Row row, List<String> names) {
        for (int c = 0; c < names.size(); c++) {
            row.createCell(c).setCellValue(names.get(c));
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.15E", v);
    }
}
