package io.voltrace.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.cli.VoltraceCli;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Principal;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.registry.Registry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./voltrace ingest org|token ...} against the embedded registry the ingest would use under --data. */
class AdminCommandsTest {
    @TempDir
    Path data;

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        CommandLine cli = VoltraceCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data";
        all[args.length + 1] = data.toString();
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    Optional<Principal> authenticate(String token) {
        try (Registry registry = io.voltrace.ingest.registry.EmbeddedRegistry.open(data)) {
            return new ApiTokens(registry).authenticate(token);
        }
    }

    @Test
    void createsOrganisationsAndTokensThatTheApiAccepts() {
        assertThat(run("ingest", "org", "create", "--id", "acme", "--name", "Acme Fleet", "--kind", "fleet").exit())
                .isZero();
        Run created = run("ingest", "token", "create", "--role", "fleet", "--org", "acme", "--label", "ops");
        assertThat(created.exit()).as(created.err()).isZero();
        String token = created.out().trim();
        assertThat(token).matches("vt_[A-Za-z0-9_-]{43}");
        assertThat(created.err()).as("the token goes to standard output only").contains("role fleet")
                .contains("Authorization: Bearer $TOKEN").doesNotContain(token);
        Principal p = authenticate(token).orElseThrow();
        assertThat(p.role()).isEqualTo(Role.FLEET);
        assertThat(p.orgId()).isEqualTo("acme");

        Run list = run("ingest", "token", "list");
        assertThat(list.out()).contains(p.tokenId()).contains("active").doesNotContain(token);
        assertThat(run("ingest", "token", "revoke", p.tokenId()).exit()).isZero();
        assertThat(authenticate(token)).isEmpty();
        assertThat(run("ingest", "token", "revoke", p.tokenId()).exit()).isEqualTo(2);
        Run orgs = run("ingest", "org", "list");
        assertThat(orgs.out()).as(orgs.err()).contains("acme").contains("fleet");
    }

    @Test
    void refusesTokensThatCannotWork() {
        run("ingest", "org", "create", "--id", "green", "--name", "Green Recycling", "--kind", "recycler");
        Run wrongKind = run("ingest", "token", "create", "--role", "fleet", "--org", "green");
        assertThat(wrongKind.exit()).isEqualTo(2);
        assertThat(wrongKind.err()).contains("needs an organisation of kind fleet; green is a recycler");
        assertThat(wrongKind.out()).isEmpty();
        Run noOrg = run("ingest", "token", "create", "--role", "recycler");
        assertThat(noOrg.exit()).isEqualTo(2);
        assertThat(noOrg.err()).contains("needs an organisation");
        Run badRole = run("ingest", "token", "create", "--role", "root");
        assertThat(badRole.exit()).isEqualTo(2);
        assertThat(badRole.err()).contains("admin, fleet, recycler, auditor");
        Run badKind = run("ingest", "org", "create", "--id", "x", "--name", "X", "--kind", "pirate");
        assertThat(badKind.exit()).isEqualTo(2);
        assertThat(badKind.err()).contains("organisation kind must be one of");
        assertThat(run("ingest", "token", "create", "--role", "admin").exit()).isZero();
    }
}
