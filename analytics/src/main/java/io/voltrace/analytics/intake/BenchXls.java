package io.voltrace.analytics.intake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.hssf.eventusermodel.AbortableHSSFListener;
import org.apache.poi.hssf.eventusermodel.FormatTrackingHSSFListener;
import org.apache.poi.hssf.eventusermodel.HSSFEventFactory;
import org.apache.poi.hssf.eventusermodel.HSSFListener;
import org.apache.poi.hssf.eventusermodel.HSSFRequest;
import org.apache.poi.hssf.eventusermodel.MissingRecordAwareHSSFListener;
import org.apache.poi.hssf.eventusermodel.dummyrecord.LastCellOfRowDummyRecord;
import org.apache.poi.hssf.record.BOFRecord;
import org.apache.poi.hssf.record.BoolErrRecord;
import org.apache.poi.hssf.record.BoundSheetRecord;
import org.apache.poi.hssf.record.FormulaRecord;
import org.apache.poi.hssf.record.LabelRecord;
import org.apache.poi.hssf.record.LabelSSTRecord;
import org.apache.poi.hssf.record.NumberRecord;
import org.apache.poi.hssf.record.SSTRecord;
import org.apache.poi.hssf.record.StringRecord;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FormulaError;

/**
 * Reads the old binary Excel workbook (.xls, BIFF8) that Arbin MITS Pro's "Export to Excel" and Neware BTSDA wrote,
 * streamed record by record with POI's HSSF event API (a test of many 65,536-row sheets is never a workbook in
 * memory). The sheets and rows are {@link WorkbookRows}' as for xlsx: an .xls sheet holds at most 65,536 rows, so a
 * long test comes split over {@code Channel_1-009}, {@code Channel_1-009_1}, … (Neware: {@code record},
 * {@code record_1}, … or {@code Detail_…_1}, {@code _2}) and is read as one test in workbook order.
 */
final class BenchXls {
    /** The first bytes of every OLE2 compound file, .xls among them. */
    static final byte[] MAGIC = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
            (byte) 0xE1};

    private BenchXls() {
    }

    /** @param vendor the vendor stated, or null to take the first data sheet's */
    static CyclerFile.Read read(Path file, WorkbookVendor vendor) {
        String name = file.getFileName().toString();
        WorkbookRows rows = new WorkbookRows(name, vendor);
        Listener listener = new Listener(rows);
        process(file, listener.formats);
        return rows.read();
    }

    /** The workbook's sheet names, in workbook order: read from its global records only, before the first sheet. */
    static List<String> sheetNames(Path file) {
        List<String> names = new ArrayList<>();
        process(file, new AbortableHSSFListener() {
            @Override
            public short abortableProcessRecord(org.apache.poi.hssf.record.Record r) {
                if (r instanceof BoundSheetRecord b) {
                    names.add(b.getSheetname());
                }
                return (short) (r instanceof BOFRecord bof && bof.getType() == BOFRecord.TYPE_WORKSHEET ? 1 : 0);
            }
        });
        return names;
    }

    /** Feeds the workbook's records to the listener; the file's faults become errors naming it and the reason. */
    private static void process(Path file, HSSFListener listener) {
        String name = file.getFileName().toString();
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            DirectoryNode root = fs.getRoot();
            if (root.hasEntry("EncryptedPackage")) { // how Excel keeps a password-protected xlsx
                throw new Failed(encrypted(name, null));
            }
            if (!root.hasEntry("Workbook") && !root.hasEntry("WORKBOOK")) {
                String why = root.hasEntry("Book") ? "an Excel 5/95 (BIFF5) workbook, older than .xls 97-2003"
                        : "an OLE2 file without a Workbook stream, so not an Excel workbook";
                throw new Failed(new IllegalArgumentException(name + ": " + why + ": save it as .xlsx (or .xls "
                        + "97-2003) or export CSV"));
            }
            HSSFRequest request = new HSSFRequest();
            request.addListenerForAllRecords(listener);
            new HSSFEventFactory().abortableProcessWorkbookEvents(request, root);
        } catch (Failed e) {
            throw e.reason;
        } catch (EncryptedDocumentException e) {
            // POI tries Excel's default password (a workbook only write-protected opens); any other is not asked for
            throw encrypted(name, e);
        } catch (IOException | RuntimeException e) {
            // POI reports a truncated or damaged file by many exception types (IndexOutOfBounds, RecordFormat, ...)
            throw unreadable(name, e);
        } catch (org.apache.poi.hssf.eventusermodel.HSSFUserException e) {
            throw unreadable(name, e);
        }
    }

    private static IllegalArgumentException encrypted(String name, Exception cause) {
        return new IllegalArgumentException(name + ": a password-protected (encrypted) workbook: save it without a "
                + "password, or export CSV", cause);
    }

    private static IllegalArgumentException unreadable(String name, Exception e) {
        return new IllegalArgumentException(name + ": not a readable .xls workbook, truncated or damaged ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }

    /** Our own error (the file is not a BIFF8 workbook; a sheet's header differs), carried out unchanged. */
    private static final class Failed extends RuntimeException {
        private final IllegalArgumentException reason;

        Failed(IllegalArgumentException reason) {
            super(reason.getMessage(), reason, false, false);
            this.reason = reason;
        }
    }

    /** Cells of the workbook's records, by sheet and row, handed to the rows as text. */
    private static final class Listener implements HSSFListener {
        private final WorkbookRows rows;
        /** Knows each number's display format (dates, durations); wraps the listener that reports row ends. */
        final FormatTrackingHSSFListener formats;
        private final List<BoundSheetRecord> sheets = new ArrayList<>();
        private BoundSheetRecord[] ordered;
        private int sheetIndex = -1;
        private SSTRecord strings;
        private boolean reading;
        /** The column of a formula whose text result follows in a StringRecord, or -1. */
        private int formulaTextColumn = -1;

        Listener(WorkbookRows rows) {
            this.rows = rows;
            this.formats = new FormatTrackingHSSFListener(new MissingRecordAwareHSSFListener(this));
        }

        @Override
        public void processRecord(org.apache.poi.hssf.record.Record r) {
            try {
                record(r);
            } catch (IllegalArgumentException e) {
                throw new Failed(e);
            }
        }

        private void record(org.apache.poi.hssf.record.Record r) {
            if (r instanceof BoundSheetRecord b) {
                sheets.add(b);
            } else if (r instanceof BOFRecord bof && bof.getType() == BOFRecord.TYPE_WORKSHEET) {
                if (ordered == null) {
                    ordered = BoundSheetRecord.orderByBofPosition(sheets);
                }
                sheetIndex++;
                reading = rows.startSheet(ordered[sheetIndex].getSheetname());
                formulaTextColumn = -1;
            } else if (r instanceof SSTRecord sst) {
                strings = sst;
            } else if (!reading) {
                return;
            } else if (r instanceof NumberRecord n) {
                rows.cell(n.getColumn(), number(n, n.getValue()));
            } else if (r instanceof LabelSSTRecord l) {
                rows.cell(l.getColumn(), strings.getString(l.getSSTIndex()).getString());
            } else if (r instanceof LabelRecord l) {
                rows.cell(l.getColumn(), l.getValue());
            } else if (r instanceof FormulaRecord f) {
                formula(f);
            } else if (r instanceof StringRecord s && formulaTextColumn >= 0) {
                rows.cell(formulaTextColumn, s.getString());
                formulaTextColumn = -1;
            } else if (r instanceof BoolErrRecord b) {
                rows.cell(b.getColumn(), b.isBoolean() ? (b.getBooleanValue() ? "TRUE" : "FALSE")
                        : "ERROR:" + FormulaError.forInt(b.getErrorValue()).getString());
            } else if (r instanceof LastCellOfRowDummyRecord end) {
                rows.endRow(end.getRow());
            }
        }

        /** A formula's cached result, as xlsx gives it (the formula is not evaluated again). */
        private void formula(FormulaRecord f) {
            CellType type = CellType.forInt(f.getCachedResultType());
            switch (type) {
                case NUMERIC -> rows.cell(f.getColumn(), number(f, f.getValue()));
                case STRING -> formulaTextColumn = f.getColumn();
                case BOOLEAN -> rows.cell(f.getColumn(), f.getCachedBooleanValue() ? "TRUE" : "FALSE");
                case ERROR -> rows.cell(f.getColumn(), "ERROR:"
                        + FormulaError.forInt(f.getCachedErrorValue()).getString());
                default -> {
                }
            }
        }

        private String number(org.apache.poi.hssf.record.CellValueRecordInterface cell, double value) {
            return WorkbookRows.number(value, formats.getFormatIndex(cell), formats.getFormatString(cell));
        }
    }
}
