package io.voltrace.cli.admin;

import io.voltrace.cli.CommandGroup;
import io.voltrace.cli.RegistryOptions;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.IssuedToken;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.registry.ApiTokenRecord;
import io.voltrace.ingest.registry.Registry;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./voltrace ingest token create|list|revoke}: API bearer tokens, straight in the registry. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"API bearer tokens: create (printed once, stored only as a hash), list, revoke.",
                "These work on the registry directly, offline (stop an ingest that uses the embedded H2 first); "
                        + "with the ingest running use the admin API (POST /api/v1/tokens)."},
        footer = {"  ./voltrace ingest token create --role admin --label ops --data data",
                "  ./voltrace ingest token list --config deploy/ingest.properties"},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand extends CommandGroup {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Makes a token and prints it on standard output, once; details go to standard error.",
                    "fleet and recycler tokens need --org naming an organisation of that kind (see 'ingest org')."},
            footer = {"  ./voltrace ingest token create --role admin --label ops --data data",
                    "  ./voltrace ingest token create --role fleet --org acme-fleet --expires-in-days 90 --data data",
                    "  TOKEN=$(./voltrace ingest token create --role auditor --data data 2>/dev/null)"})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RegistryOptions registry;
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, fleet, recycler or auditor")
        String role;
        @Option(names = "--org", paramLabel = "ORG", description = "organisation the token speaks for")
        String org;
        @Option(names = "--label", paramLabel = "TEXT", description = "what the token is for")
        String label;
        @Option(names = "--expires-in-days", paramLabel = "N", description = "expire after N days (default: never)")
        Integer days;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            Role r;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException e) {
                err.println("voltrace ingest token create: " + e.getMessage());
                return 2;
            }
            if (days != null && days < 1) {
                err.println("voltrace ingest token create: --expires-in-days must be at least 1");
                return 2;
            }
            try (Registry reg = registry.open("the admin API (POST /api/v1/tokens with an admin token)")) {
                Instant expires = days == null ? null : Instant.now().plus(Duration.ofDays(days));
                IssuedToken t = new ApiTokens(reg).issue(r, org, label, expires);
                spec.commandLine().getOut().println(t.token());
                spec.commandLine().getOut().flush();
                err.println("token " + t.id() + " · role " + r.wireName() + (org == null ? "" : " · org " + org)
                        + (expires == null ? "" : " · expires " + expires)
                        + " · shown once, stored only as a hash");
                // The token goes to standard output only: terminals and CI logs keep standard error (#16).
                err.println("use: curl -H \"Authorization: Bearer $TOKEN\" http://HOST:PORT/api/v1/batteries"
                        + " (TOKEN: the line printed on standard output)");
                return 0;
            } catch (IllegalArgumentException e) {
                err.println("voltrace ingest token create: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists tokens: id, role, organisation, state (active, expired, revoked), creation time and "
                    + "label; never the tokens themselves, which are stored only as hashes.",
            footer = {"  ./voltrace ingest token list --data data"})
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RegistryOptions registry;

        @Override
        public Integer call() throws Exception {
            try (Registry reg = registry.open("the admin API (POST /api/v1/tokens with an admin token)")) {
                PrintWriter out = spec.commandLine().getOut();
                Instant now = Instant.now();
                out.printf("%-12s  %-8s  %-16s  %-8s  %-27s  %s%n", "id", "role", "org", "state", "created", "label");
                for (ApiTokenRecord t : new ApiTokens(reg).list()) {
                    String state = t.revokedAt() != null ? "revoked" : t.activeAt(now) ? "active" : "expired";
                    out.printf("%-12s  %-8s  %-16s  %-8s  %-27s  %s%n", t.id(), t.role(),
                            t.orgId() == null ? "-" : t.orgId(), state, t.createdAt(), t.label() == null ? "" : t.label());
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes a token by its id (from 'token list'): requests with it are refused from then on. "
                    + "Exits 2 when no active token has that id.",
            footer = {"  ./voltrace ingest token revoke 3f9a0c51d2e4 --data data        # the id from token list"})
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RegistryOptions registry;
        @Parameters(paramLabel = "ID", description = "the token's id (from 'token list')")
        String id;

        @Override
        public Integer call() throws Exception {
            try (Registry reg = registry.open("the admin API (POST /api/v1/tokens with an admin token)")) {
                if (!new ApiTokens(reg).revoke(id)) {
                    spec.commandLine().getErr().println("voltrace ingest token revoke: no active token " + id);
                    return 2;
                }
                spec.commandLine().getOut().println("revoked " + id);
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }
}
