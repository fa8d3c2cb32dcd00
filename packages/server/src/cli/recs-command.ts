import { Command } from 'commander';
import { algorithmNames } from '@rapport/engine';
import { algorithmList, DEFAULT_TEST_DAYS, readEvaluationRequest, type EvaluateOptions } from './recs-arguments.js';
import { evaluateFiles, evaluateWorkspace, formatOutcome } from './recs-evaluate.js';
import { evaluationProgress } from './recs-progress.js';
import { openWorkspace, type WorkspaceAccess } from './recs-workspace.js';

/** Exit codes of `rapport recs evaluate`. */
const EXIT = { done: 0, failed: 1, badArguments: 2 } as const;

/** Ends the command with one sentence on stderr (never a stack trace) and an exit code. */
function fail(code: number, message: string): number {
  process.stderr.write(`rapport recs evaluate: ${message}\n`);
  return code;
}

async function evaluateAction(options: EvaluateOptions): Promise<void> {
  if (options.list === true) {
    process.stdout.write(algorithmList(options.json === true));
    return;
  }
  const request = readEvaluationRequest(options);
  if (!request.ok) {
    process.exitCode = fail(EXIT.badArguments, request.error);
    return;
  }
  const { source } = request.value;
  const progress = evaluationProgress();
  let access: WorkspaceAccess | undefined;
  try {
    // The workspace is chosen before any work: a wrong --workspace should not cost a training first.
    if (source.kind === 'workspace' || source.save) {
      const opened = await openWorkspace(request.value.workspace);
      if (!opened.ok) {
        process.exitCode = fail(EXIT.badArguments, opened.error);
        return;
      }
      access = opened.value;
    }
    const outcome = source.kind === 'files' ? await evaluateFiles(request.value, source, access, progress) : await evaluateWorkspace(request.value, source.testDays, access!, progress);
    progress.stop();
    if (!outcome.ok) {
      process.exitCode = fail(EXIT.badArguments, outcome.error);
      return;
    }
    process.stdout.write(formatOutcome(outcome.value, request.value.json));
  } catch (error) {
    progress.stop();
    process.exitCode = fail(EXIT.failed, `the evaluation failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await access?.close();
  }
}

/** Commander ends usage errors with exit code 1; here 1 means the evaluation failed, 2 that it was called wrong. */
const usageExit = (error: { exitCode: number }) => process.exit(error.exitCode === 0 ? EXIT.done : EXIT.badArguments);

/** `rapport recs …`: recommendation tools; `recs evaluate` measures the algorithms offline (docs/recommendations.md). */
export function recsCommand(): Command {
  const recs = new Command('recs').description('Recommendations: evaluate the algorithms offline (docs/recommendations.md)').exitOverride(usageExit);
  recs
    .command('evaluate')
    .description(
      'Train each algorithm on TRAIN, recommend k items to every TEST user, and measure MAP, nDCG, precision and recall@k, coverage and popularity bias; ' +
        "or do the same on the workspace's own orders, split in time (--from-workspace, always stored for the dashboard)",
    )
    .option('--train <file>', 'interactions to learn from: CSV with the header user_id,item_id,rating,timestamp (plain or .gz)')
    .option('--test <file>', 'interactions to predict, same columns; every row is relevant')
    .option('--from-workspace', "evaluate on the workspace's own orders instead of files (people who consent to personalization)")
    .option('--split <method>', 'how --from-workspace splits the orders: time (the last --test-days days are the test)')
    .option('--test-days <days>', `days of orders held out as the test, with --from-workspace (default ${DEFAULT_TEST_DAYS})`)
    .option('--k <n>', 'the length of each list', '10')
    .option('--algorithm <name>', `one of ${algorithmNames.join(', ')}, or all (each against popular)`, 'all')
    .option('--param <name=value>', 'an algorithm parameter over its default (repeatable; see --list)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--threads <n>', 'worker threads for training (default: up to 2)')
    .option('--json', 'one JSON object per algorithm on stdout instead of the table')
    .option('--list', 'list the algorithms with what they do and their defaults')
    .option('--save', "store the file form's reports in the workspace, for the dashboard")
    .option('--workspace <id>', 'the workspace to read orders from or store in, when the database has several')
    .exitOverride(usageExit)
    .action(evaluateAction);
  return recs;
}
