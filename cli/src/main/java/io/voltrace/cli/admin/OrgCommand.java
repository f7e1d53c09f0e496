package io.voltrace.cli.admin;

import io.voltrace.cli.CommandGroup;
import io.voltrace.cli.RegistryOptions;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./voltrace ingest org create|list}: the organisations that own, hold or audit batteries. */
@Command(name = "org", mixinStandardHelpOptions = true,
        description = {"Organisations (fleets, recyclers, auditors...) that own, hold or audit batteries; fleet and "
                + "recycler tokens speak for one.",
                "These work on the registry directly, offline (stop an ingest that uses the embedded H2 first); "
                        + "with the ingest running use the admin API (POST /api/v1/organisations)."},
        footer = {"  ./voltrace ingest org create --id acme-fleet --name 'Acme Fleet' --kind fleet --data data",
                "  ./voltrace ingest org list --data data"},
        subcommands = {OrgCommand.Create.class, OrgCommand.ListOrgs.class})
public final class OrgCommand extends CommandGroup {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Registers an organisation. Exits 2 when the kind is unknown or the id is taken.",
            footer = {"  ./voltrace ingest org create --id acme-fleet --name 'Acme Fleet' --kind fleet --data data",
                    "  ./voltrace ingest org create --id green-loop --name 'Green Loop' --kind recycler "
                            + "--config deploy/ingest.properties"})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RegistryOptions registry;
        @Option(names = "--id", required = true, paramLabel = "ID", description = "short handle, e.g. acme-fleet")
        String id;
        @Option(names = "--name", required = true, paramLabel = "TEXT", description = "display name")
        String name;
        @Option(names = "--kind", required = true, paramLabel = "KIND", description = "fleet, manufacturer, "
                + "vehicle_maker, repair_shop, "
                + "dismantler, recycler, reuse_maker or auditor")
        String kind;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            Organisation org;
            try {
                org = new Organisation(id, name, OrganisationKind.parse(kind), Instant.now());
            } catch (IllegalArgumentException e) {
                err.println("voltrace ingest org create: " + e.getMessage());
                return 2;
            }
            try (Registry reg = registry.open("the admin API (POST /api/v1/organisations with an admin token)")) {
                reg.createOrganisation(org);
                spec.commandLine().getOut().println("organisation " + org.id() + " (" + org.kind().wireName() + ")");
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IllegalStateException e) {
                err.println("voltrace ingest org create: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists organisations: id, kind and name, one per line.",
            footer = {"  ./voltrace ingest org list --data data"})
    static final class ListOrgs implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Mixin
        RegistryOptions registry;

        @Override
        public Integer call() throws Exception {
            try (Registry reg = registry.open("the admin API (POST /api/v1/organisations with an admin token)")) {
                PrintWriter out = spec.commandLine().getOut();
                for (Organisation o : reg.organisations()) {
                    out.printf("%-20s  %-14s  %s%n", o.id(), o.kind().wireName(), o.name());
                }
                out.flush();
                return 0;
            }
        }
    }
}
