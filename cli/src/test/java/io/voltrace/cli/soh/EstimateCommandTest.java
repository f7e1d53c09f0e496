package io.voltrace.cli.soh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.cli.VoltraceCli;
import io.voltrace.common.chemistry.Chemistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EstimateCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    static Run run(String... args) {
        CommandLine cli = VoltraceCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /**
     * A cycler's file of one NMC cell, 2.5 Ah true capacity: rest at full, 1 A discharge to 3.0 V, rest. Terminal
     * voltage = OCV + 40 mΩ × I; discharge current negative unless {@code chargeNegative}.
     */
    private Path cyclerFile(String name, double capacityAh, double fromSoc, double toVolts, boolean chargeNegative)
            throws Exception {
        StringBuilder csv = new StringBuilder("Test_Time(s),Current(A),Voltage(V),Temperature(C)\n");
        double soc = fromSoc;
        double t = 0;
        double amps = 0;
        int phase = 0; // 0 rest, 1 discharge, 2 rest
        double restEnd = 1800;
        while (phase < 3) {
            if (phase == 0 && t >= restEnd) {
                phase = 1;
                amps = -1.0;
            } else if (phase == 1 && Chemistry.NMC.ocv().voltsAt(soc) + 0.04 * amps <= toVolts) {
                phase = 2;
                amps = 0;
                restEnd = t + 3600;
            } else if (phase == 2 && t >= restEnd) {
                phase = 3;
            }
            double v = Chemistry.NMC.ocv().voltsAt(soc) + 0.04 * amps;
            csv.append(String.format(Locale.ROOT, "%.1f,%.4f,%.5f,25.0%n", t, chargeNegative ? -amps : amps, v));
            t += 10;
            soc += amps * 10 / 3600 / capacityAh * 100;
        }
        Path f = dir.resolve(name);
        Files.writeString(f, csv);
        return f;
    }

    @Test
    void aFullDischargeGivesCapacityAndSohAsOneJsonObject() throws Exception {
        Path f = cyclerFile("cell.csv", 2.5, 100, 3.1, false);

        Run r = run("soh", "estimate", "--csv", f.toString(), "--nominal-ah", "3.0", "--cutoff-volts", "3.1");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip().lines()).hasSize(1);
        JsonNode j = r.json();
        assertThat(j.fieldNames()).toIterable().containsExactly("capacityAh", "soh", "uncertainty", "method",
                "segments", "evidence");
        assertThat(j.get("evidence").asText()).isEqualTo("full discharge from full charge to the cutoff");
        double expected = 2.5 * (100 - Chemistry.NMC.ocv().socAt(3.1 + 0.04)) / 100;
        assertThat(j.get("capacityAh").asDouble()).isCloseTo(expected, within(0.01));
        assertThat(j.get("soh").asDouble()).isCloseTo(expected / 3.0 * 100, within(0.5));
        assertThat(j.get("uncertainty").asDouble()).isPositive().isLessThan(1.0);
        assertThat(j.get("method").asText()).isEqualTo("full discharge to cutoff (coulomb counting)");
        assertThat(j.get("segments").asInt()).isEqualTo(1);
    }

    /**
     * One NMC cell charged at 1 A from 5 % SOC to 4.0 V (40 mΩ), a relaxed rest before and two minutes after: no
     * charging session (nothing relaxed after it), only the window.
     */
    private Path chargeFile(String name, double capacityAh) throws Exception {
        StringBuilder csv = new StringBuilder("time,current,voltage\n");
        double soc = 5;
        double t = 0;
        for (; t < 1800; t += 10) {
            csv.append(String.format(Locale.ROOT, "%.0f,0,%.5f%n", t, Chemistry.NMC.ocv().voltsAt(soc)));
        }
        while (Chemistry.NMC.ocv().voltsAt(soc) + 0.04 < 4.0) {
            csv.append(String.format(Locale.ROOT, "%.0f,1.0,%.5f%n", t, Chemistry.NMC.ocv().voltsAt(soc) + 0.04));
            t += 10;
            soc += 10.0 / 3600 / capacityAh * 100;
        }
        for (double end = t + 120; t < end; t += 10) {
            csv.append(String.format(Locale.ROOT, "%.0f,0,%.5f%n", t, Chemistry.NMC.ocv().voltsAt(soc)));
        }
        Path f = dir.resolve(name);
        Files.writeString(f, csv);
        return f;
    }

    @Test
    void aCellModelReadsAChargeWindowAndSaysSo() throws Exception {
        double span = Chemistry.NMC.ocv().socAt(3.90 - 0.04) - Chemistry.NMC.ocv().socAt(3.60 - 0.04);
        // A model whose 3.60–3.90 V window holds span % of the capacity: capacity = window charge × 100 / span.
        Path model = dir.resolve("model.json");
        Files.writeString(model, String.format(Locale.ROOT, """
                {"format": "voltrace-cell-model", "version": 1, "chemistry": "nmc", "nominalAh": 3.0,
                 "cells": ["A", "B"], "sigmaSource": "leave-one-cell-out",
                 "charge": {"direction": "CHARGE", "cRate": 0.3333, "spanVolts": 0.3,
                   "windows": [{"lowVolts": 3.6, "a": 0, "b": %s, "c": 0, "sigmaAh": 0.03, "cycles": 100,
                                "minWindowAh": 0.5, "maxWindowAh": 2.5}]},
                 "discharge": null}
                """, 100 / span));
        Path f = chargeFile("charge.csv", 2.7);

        Run without = run("soh", "estimate", "--csv", f.toString(), "--nominal-ah", "3");
        Run with = run("soh", "estimate", "--csv", f.toString(), "--nominal-ah", "3", "--model", model.toString());
        Run wrongType = run("soh", "estimate", "--csv", f.toString(), "--nominal-ah", "3", "--chemistry", "lfp",
                "--model", model.toString());
        Files.writeString(dir.resolve("bad.json"), "{}");
        Run bad = run("soh", "estimate", "--csv", f.toString(), "--nominal-ah", "3", "--model",
                dir.resolve("bad.json").toString());

        assertThat(without.exit()).isEqualTo(2);
        assertThat(with.exit()).as(with.err()).isZero();
        JsonNode j = with.json();
        assertThat(j.get("capacityAh").asDouble()).isCloseTo(2.7, within(0.05));
        assertThat(j.get("uncertainty").asDouble()).isCloseTo(1.0, within(0.01));
        assertThat(j.get("evidence").asText()).isEqualTo(
                "constant-current charge windows within 3.60–3.90 V read through the cell model");
        assertThat(wrongType.exit()).isEqualTo(2);
        assertThat(wrongType.err()).contains("is of nmc cells");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("bad.json", "soh calibrate");
    }

    /**
     * A pack log (mean cell voltage, 10 s rows): an hour parked at 30 % SOC, a charge stepped 40 A → 15 A to about
     * 80 %, an hour parked. True capacity 50 Ah; the weakest cell holds 45 Ah and is the highest cell. The BMS's SOC
     * is an integer, reads 1.5 points high, and is logged once a minute; the highest-cell column every 30 s.
     * {@code restMinutes} shortens the rests.
     */
    private Path packLog(String name, double restMinutes) throws Exception {
        StringBuilder csv = new StringBuilder("time,current,cell_avg,soc,cell_max\n");
        double soc = 30;
        double weak = 30;
        double t = 0;
        double[] phases = {restMinutes * 60, 1800, 3600, restMinutes * 60};
        double[] amps = {0, 40, 15, 0};
        for (int ph = 0; ph < phases.length; ph++) {
            double end = t + phases[ph];
            for (; t < end && (soc < 80.5 || amps[ph] == 0); t += 10) {
                double v = Chemistry.NMC.ocv().voltsAt(soc) + 0.0015 * amps[ph];
                double vmax = Chemistry.NMC.ocv().voltsAt(weak) + 0.0015 * amps[ph];
                String bms = ((long) t) % 60 == 0 ? String.valueOf(Math.round(soc + 1.5)) : "";
                String max = ((long) t) % 30 == 0 ? String.format(Locale.ROOT, "%.4f", vmax) : "";
                csv.append(String.format(Locale.ROOT, "%.0f,%.2f,%.5f,%s,%s%n", t, amps[ph], v, bms, max));
                soc += amps[ph] * 10 / 3600 / 50 * 100;
                weak += amps[ph] * 10 / 3600 / 45 * 100;
            }
            if (soc >= 80.5 && ph < 3) {
                ph = 2; // charging stops at 80 %: on to the last rest
            }
        }
        Path f = dir.resolve(name);
        Files.writeString(f, csv);
        return f;
    }

    @Test
    void aChargingSessionBetweenRestsGivesCapacityFromOcvAndTheBmsSoc() throws Exception {
        Path f = packLog("pack.csv", 60);

        Run r = run("soh", "estimate", "--csv", f.toString(), "--nominal-ah", "60", "--voltage-col", "cell_avg",
                "--soc-col", "soc", "--cell-max-col", "cell_max");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.json();
        double sigmaAh = j.get("uncertainty").asDouble() / 100 * 60;
        assertThat(j.get("capacityAh").asDouble()).isCloseTo(50, within(2 * sigmaAh));
        assertThat(sigmaAh).isLessThan(1.5);
        assertThat(j.get("evidence").asText()).startsWith("charging session 3").contains("OCV", "BMS SOC");
        JsonNode weakest = j.get("weakestCell");
        assertThat(weakest.has("capacityAh")).as(weakest.toString()).isTrue();
        assertThat(weakest.get("capacityAh").asDouble())
                .isCloseTo(45, within(2 * weakest.get("uncertainty").asDouble() / 100 * 60));
        assertThat(weakest.get("evidence").asText()).contains("OCV").doesNotContain("BMS");
    }

    @Test
    void withoutRelaxedRestsTheBmsSocIsNotTakenAtItsWord() throws Exception {
        Path f = packLog("short.csv", 5);

        Run r = run("soh", "estimate", "--csv", f.toString(), "--nominal-ah", "60", "--voltage-col", "cell_avg",
                "--soc-col", "soc");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("charging session", "no charge among 1 with a relaxed rest (20 min or more)");
    }

    @Test
    void chargeNegativeFilesReadTheSame() throws Exception {
        Path plain = cyclerFile("a.csv", 2.5, 100, 3.1, false);
        Path flipped = cyclerFile("b.csv", 2.5, 100, 3.1, true);

        Run a = run("soh", "estimate", "--csv", plain.toString(), "--nominal-ah", "3", "--cutoff-volts", "3.1");
        Run b = run("soh", "estimate", "--csv", flipped.toString(), "--nominal-ah", "3", "--cutoff-volts", "3.1",
                "--charge-negative");
        Run wrong = run("soh", "estimate", "--csv", flipped.toString(), "--nominal-ah", "3", "--cutoff-volts",
                "3.1");

        assertThat(b.out()).isEqualTo(a.out());
        assertThat(wrong.exit()).isEqualTo(2);
    }

    @Test
    void aPartialSegmentIsMatchedAgainstTheReferenceFile() throws Exception {
        Path reference = cyclerFile("new.csv", 3.0, 100, 3.1, false);
        Path partial = cyclerFile("later.csv", 2.85, 96, 3.35, false);

        Run without = run("soh", "estimate", "--csv", partial.toString(), "--nominal-ah", "3", "--cutoff-volts",
                "3.1");
        Run with = run("soh", "estimate", "--csv", partial.toString(), "--nominal-ah", "3", "--cutoff-volts", "3.1",
                "--reference", reference.toString());

        assertThat(without.exit()).isEqualTo(2);
        assertThat(with.exit()).as(with.err()).isZero();
        JsonNode j = with.json();
        assertThat(j.get("method").asText()).isEqualTo("partial-segment curve matching against a reference");
        double truth = 2.85 * (100 - Chemistry.NMC.ocv().socAt(3.1 + 0.04)) / 100;
        assertThat(j.get("capacityAh").asDouble()).isCloseTo(truth, within(0.02 * truth));
    }

    @Test
    void noUsableSegmentExitsTwoWithTheReason() throws Exception {
        Path f = dir.resolve("idle.csv");
        Files.writeString(f, "time,current,voltage\n0,0,3.7\n10,0,3.7\n20,0,3.7\n");

        Run r = run("soh", "estimate", "--csv", f.toString(), "--nominal-ah", "3");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("insufficient evidence in " + f).contains("no discharge segment")
                .contains("no reference curve given").contains("no rest of 20 min or more");
    }

    @Test
    void badInputIsNamedAndExitsTwo() throws Exception {
        Path f = dir.resolve("nocurrent.csv");
        Files.writeString(f, "time,voltage\n0,3.7\n");

        Run missingColumn = run("soh", "estimate", "--csv", f.toString(), "--nominal-ah", "3");
        Run missingFile = run("soh", "estimate", "--csv", dir.resolve("none.csv").toString(), "--nominal-ah", "3");
        Run badChemistry = run("soh", "estimate", "--csv", f.toString(), "--nominal-ah", "3", "--chemistry", "nca");
        Run noReference = run("soh", "estimate", "--csv", f.toString(), "--nominal-ah", "3", "--reference",
                f.toString(), "--current-col", "time");

        assertThat(missingColumn.exit()).isEqualTo(2);
        assertThat(missingColumn.err()).contains(f + ":1: no current column found among time, voltage");
        assertThat(missingFile.exit()).isEqualTo(2);
        assertThat(missingFile.err()).contains("none.csv");
        assertThat(badChemistry.err()).contains("--chemistry must be nmc, lfp or lco, was 'nca'");
        assertThat(noReference.exit()).isEqualTo(2);
        assertThat(noReference.err()).contains("holds no full discharge");
    }

    @Test
    void nasaDischargeFilesGiveNasasCapacity() throws Exception {
        Path b5 = NasaData.discharges().resolve("B0005");
        List<Path> files;
        try (Stream<Path> s = Files.list(b5)) {
            files = s.filter(p -> p.getFileName().toString().matches("dis_(1|80|168)_cap_.*\\.csv")).sorted().toList();
        }
        assertThat(files).hasSize(3);
        for (Path f : files) {
            double nasa = Double.parseDouble(f.getFileName().toString().replaceAll("dis_\\d+_cap_(.*)\\.csv", "$1"));

            Run r = run("soh", "estimate", "--csv", f.toString(), "--nominal-ah", "2", "--chemistry", "lco");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.json().get("capacityAh").asDouble()).isCloseTo(nasa, within(0.01 * nasa));
            assertThat(r.json().get("soh").asDouble()).isCloseTo(nasa / 2 * 100, within(1.0));
        }
    }
}
