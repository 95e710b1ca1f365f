package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./cardiograd report}: the paper's table from several probe and finetune runs side by side (their
 * auroc.csv files), e.g. LP and FT columns of the same pretrained encoder.
 */
final class ReportCommand implements Command {
    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "combine the results tables of probe and finetune runs into one";
    }

    static Options options() {
        Options o = new Options("report", "Prints (and with --out writes) one results table with the columns of "
                + "every run given, in order.");
        o.repeatable("--run", "DIR", "a probe or finetune run folder (holding auroc.csv)");
        o.value("--out", "FILE", null, "also write the table to this markdown file");
        return o;
    }

    @Override
    public int run(String[] args) throws IOException {
        Options.Parsed p = options().parse(args);
        if (p == null) {
            return 0;
        }
        if (p.list("--run").isEmpty()) {
            throw new Options.UsageException("report: give at least one --run DIR");
        }
        List<ResultsTable> tables = new ArrayList<>();
        StringBuilder sources = new StringBuilder();
        for (String run : p.list("--run")) {
            Path csv = Path.of(run).resolve(ResultsTable.CSV);
            if (!Files.isRegularFile(csv)) {
                throw new Options.UsageException("--run " + run + ": no " + ResultsTable.CSV + " (expected the folder "
                        + "of a probe or finetune run)");
            }
            ResultsTable t = ResultsTable.read(csv);
            tables.add(t);
            sources.append("- ").append(String.join(", ", t.columnNames())).append(": ").append(run).append('\n');
        }
        String md = "# Results\n\nTest AUROC (95% bootstrap interval); overall = sum of the four task AUROCs.\n\n"
                + sources + "\n" + ResultsTable.combine(tables).markdown();
        System.out.print(md);
        if (p.has("--out")) {
            Files.writeString(Path.of(p.string("--out")), md);
        }
        return 0;
    }
}
