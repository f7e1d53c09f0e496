package io.voltrace.analytics.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Reads a test bench's xlsx workbook, streamed sheet by sheet (a long test does not have to fit in memory as a
 * workbook):
 * <ul>
 *   <li><b>Arbin</b> (MITS Pro / MITS 7 "Export to Excel"): sheets {@code Global_Info}, one or more data sheets
 *       {@code Channel_<n>-<m>} (a long test is split over {@code Channel_1-006_1}, {@code _2}, ...: they are read in
 *       workbook order, as one test) with the Arbin CSV columns ({@code Test_Time(s)}, {@code Current(A)},
 *       {@code Voltage(V)}, {@code Step_Index}, {@code Discharge_Capacity(Ah)}, {@code Discharge_Energy(Wh)}), and
 *       {@code Statistics_<n>-<m>}, which is not read;</li>
 *   <li><b>Neware</b> (BTS 8 export): data sheet {@code record} (BTSDA 7: {@code Detail_…} or {@code Record…}) with
 *       {@code Total Time}, {@code Current(A)} or {@code Current(mA)}, {@code Voltage(V)}, {@code Step Index},
 *       {@code Step Type}; the other sheets ({@code unit}, {@code test}, {@code cycle}, {@code step}) are not read.</li>
 * </ul>
 * Which sheets are read and how their rows become readings is {@link WorkbookRows}' part, shared with the .xls reader.
 */
final class BenchWorkbook {
    private BenchWorkbook() {
    }

    /** @param vendor the vendor stated, or null to take the first data sheet's */
    static CyclerFile.Read read(Path file, WorkbookVendor vendor) {
        String name = file.getFileName().toString();
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            WorkbookRows rows = new WorkbookRows(name, vendor);
            while (sheets.hasNext()) {
                try (InputStream sheet = sheets.next()) {
                    if (!rows.startSheet(sheets.getSheetName())) {
                        continue;
                    }
                    XMLReader parser = XMLHelper.newXMLReader();
                    parser.setContentHandler(new XSSFSheetXMLHandler(styles, strings, new Cells(rows),
                            new RawFormatter(), false));
                    parser.parse(new InputSource(sheet));
                }
            }
            return rows.read();
        } catch (IOException | OpenXML4JException | SAXException | org.apache.poi.ooxml.POIXMLException
                 | org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException e) {
            throw new IllegalArgumentException(name + ": not a readable xlsx workbook (" + e.getMessage() + ")", e);
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("no XML parser: " + e.getMessage(), e);
        }
    }

    /** The workbook's sheet names, in workbook order (without reading the sheets). */
    static List<String> sheetNames(Path file) {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) new XSSFReader(pkg).getSheetsData();
            List<String> names = new ArrayList<>();
            while (sheets.hasNext()) {
                sheets.next().close();
                names.add(sheets.getSheetName());
            }
            return names;
        } catch (Exception e) {
            throw new IllegalArgumentException(file.getFileName() + ": not a readable xlsx workbook ("
                    + e.getMessage() + ")", e);
        }
    }

    /** A sheet's cells, handed on to the rows by column index. */
    private record Cells(WorkbookRows rows) implements XSSFSheetXMLHandler.SheetContentsHandler {
        @Override
        public void startRow(int rowNum) {
        }

        @Override
        public void cell(String ref, String value, XSSFComment comment) {
            if (ref != null) {
                rows.cell(new CellReference(ref).getCol(), value);
            }
        }

        @Override
        public void endRow(int rowNum) {
            rows.endRow(rowNum);
        }
    }

    /** Numbers as stored (the workbook's display format would round them); dates and durations in days. */
    private static final class RawFormatter extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            return WorkbookRows.number(value, formatIndex, formatString);
        }
    }
}
