package dev.votes.cli;

import java.util.Map;
import java.util.function.Supplier;

import picocli.CommandLine;

import dev.votes.convert.ConvertStorageService;
import dev.votes.export.ExportService;
import dev.votes.fetch.DatasetFetcher;
import dev.votes.ingest.IngestService;
import dev.votes.inspect.CheckService;
import dev.votes.inspect.RunsService;
import dev.votes.outliers.OutlierService;
import dev.votes.outliers.RecountService;
import dev.votes.warehouse.Warehouse;

/**
 * Builds the commands and their services with plain constructors, for every command but {@code serve}: those run
 * without the Quarkus container (see {@link VotesMain}), which saves its start-up in every process. The services are
 * the same classes the container makes for {@code serve} and the in-process tests; they hold no state of their own, so
 * both ways give the same behaviour. Everything else (mixins, the version provider) comes from picocli's own factory.
 * A new command with constructor dependencies gets a line here (PlainCommandFactoryTest fails until it has one).
 */
final class PlainCommandFactory implements CommandLine.IFactory {

    private final Map<Class<?>, Supplier<?>> commands;

    PlainCommandFactory() {
        Warehouse warehouse = new Warehouse();
        RunsService runs = new RunsService(warehouse);
        commands = Map.of(
                IngestCommand.class, () -> new IngestCommand(new IngestService(warehouse)),
                OutliersCommand.class, () -> new OutliersCommand(new OutlierService(warehouse)),
                RecountCommand.class, () -> new RecountCommand(new RecountService(warehouse)),
                FetchDataCommand.class, () -> new FetchDataCommand(new DatasetFetcher()),
                RunsCommand.class, () -> new RunsCommand(runs),
                RejectsCommand.class, () -> new RejectsCommand(runs),
                CheckCommand.class, () -> new CheckCommand(new CheckService(warehouse)),
                ExportCommand.class, () -> new ExportCommand(new ExportService(warehouse)),
                ConvertStorageCommand.class, () -> new ConvertStorageCommand(new ConvertStorageService(warehouse)));
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Supplier<?> command = commands.get(type);
        return command != null ? type.cast(command.get()) : CommandLine.defaultFactory().create(type);
    }
}
