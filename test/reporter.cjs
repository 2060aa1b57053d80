// Mocha's spec reporter, plus one machine-readable last line with the counts, which
// test/run.ts adds up across suites (format: test/host/results.ts).
const Mocha = require('mocha');

class SpecWithResult extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
      process.stdout.write(`[ask-bedrock:result] ${JSON.stringify({ passed: passes, failed: failures, pending })}\n`);
    });
  }
}

module.exports = SpecWithResult;
