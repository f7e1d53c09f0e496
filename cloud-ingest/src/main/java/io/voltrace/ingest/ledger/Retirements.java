package io.voltrace.ingest.ledger;

import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A fleet retires a battery: it is assessed now, the grading is recorded in its ledger, and custody is offered to a
 * recycler (or a reuse maker) by a {@code transfer_initiated} event, so the battery is in that organisation's queue
 * until it accepts (then its intake) or either side cancels. Built on the ledger's own rules: only the custodian
 * offers, one transfer at a time, nothing after the history ended.
 */
public final class Retirements {
    /** Who may receive a retired battery: who may take it in ({@code recycler_intake}) or re-code it. */
    static final Set<OrganisationKind> RECEIVERS = Set.of(OrganisationKind.RECYCLER, OrganisationKind.REUSE_MAKER);
    /** The transfer's {@code purpose} detail that marks it as a retirement. */
    public static final String PURPOSE = "retirement";
    private static final Pattern VIN_LIKE = Pattern.compile("(?i).*\\b[A-HJ-NPR-Z0-9]{17}\\b.*");
    private static final int MAX_NOTE = 500;

    private final Registry registry;
    private final Ledger ledger;
    private final Function<String, HealthAssessment> assessNow;
    private final GradingRecorder recorder;
    private final Clock clock;

    /**
     * @param assessNow assesses one battery now and saves it (the health scheduler's request path)
     * @param recorder  records a grading the assessment's own listeners did not record
     */
    public Retirements(Registry registry, Ledger ledger, Function<String, HealthAssessment> assessNow,
                       GradingRecorder recorder, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.assessNow = Objects.requireNonNull(assessNow, "assessNow");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What a retirement request did: the assessment, its grading in the ledger, and the transfer offered. */
    public record Offer(HealthAssessment assessment, LedgerEvent grading, LedgerEvent transfer) {
    }

    /**
     * Retires a battery.
     *
     * @param battery   the registered battery
     * @param requester the fleet asking (it must hold the battery), or null for an administrator, who acts for the
     *                  battery's custodian
     * @param offeredTo the organisation offered custody: a recycler or a reuse maker
     * @param note      why, free text (no vehicle identities: it is stored in clear), or null
     * @throws IllegalArgumentException   when the receiver is unknown or of another kind, or the note is unfit
     * @throws ImpossibleHistoryException when the ledger does not allow it (no history, not held by the requester,
     *                                    a transfer pending, history ended); nothing is assessed then
     */
    public Offer request(BatteryRecord battery, String requester, String offeredTo, String note) {
        String code = battery.code();
        Organisation receiver = registry.organisation(offeredTo).orElseThrow(() -> new IllegalArgumentException(
                "organisation " + offeredTo + " is not registered"));
        if (!RECEIVERS.contains(receiver.kind())) {
            throw new IllegalArgumentException("a retired battery is offered to a recycler or a reuse maker; "
                    + offeredTo + " is a " + receiver.kind().wireName());
        }
        if (note != null && (note.length() > MAX_NOTE || VIN_LIKE.matcher(note).matches())) {
            throw new IllegalArgumentException("the note must be at most " + MAX_NOTE + " characters and hold no "
                    + "vehicle identity (it is stored in clear in the hash chain)");
        }
        BatteryState state = ledger.state(code);
        String why = "retirement of battery " + code + " refused: ";
        if (state.status() == Status.UNKNOWN) {
            throw new ImpossibleHistoryException(why + "it has no lifecycle history; its production (and"
                    + " installation) must be recorded first, so custody can move by transfer");
        }
        if (state.status().terminal()) {
            throw new ImpossibleHistoryException(why + "its history ended (" + state.status().name()
                    .toLowerCase(java.util.Locale.ROOT) + " at event " + state.statusSince() + ")");
        }
        if (requester != null && !requester.equals(state.custodian())) {
            throw new ImpossibleHistoryException(why + "it is held by " + state.custodian() + ", not by " + requester
                    + "; only the custodian offers it");
        }
        if (state.pendingTo() != null) {
            throw new ImpossibleHistoryException(why + "a transfer to " + state.pendingTo() + " is already pending"
                    + " (event " + state.lastSeq() + " or before); it must be accepted or cancelled first");
        }
        if (offeredTo.equals(state.custodian())) {
            throw new ImpossibleHistoryException(why + offeredTo + " already holds it");
        }

        HealthAssessment assessment = assessNow.apply(code);
        LedgerEvent grading = recordedGrading(assessment);
        Map<String, String> details = new TreeMap<>();
        details.put("to", offeredTo);
        details.put("purpose", PURPOSE);
        details.put("grade", assessment.grade());
        if (note != null && !note.isBlank()) {
            details.put("note", note.strip());
        }
        LedgerEvent transfer = ledger.append(new NewEvent(code, EventType.TRANSFER_INITIATED, clock.instant(),
                state.custodian(), details));
        return new Offer(assessment, grading, transfer);
    }

    /** The assessment's GRADING event: the one its listeners recorded, or recorded here. */
    private LedgerEvent recordedGrading(HealthAssessment a) {
        String at = a.assessedAt().toString();
        List<LedgerEvent> events = ledger.events(a.battery());
        for (int i = events.size() - 1; i >= 0; i--) {
            LedgerEvent e = events.get(i);
            if (e.type() == EventType.GRADING && at.equals(e.detail("assessedAt"))) {
                return e;
            }
        }
        return recorder.record(a).orElseThrow(() -> new ImpossibleHistoryException("the grading of "
                + a.battery() + " could not be recorded: its ledger history ended meanwhile"));
    }
}
