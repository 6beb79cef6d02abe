// Prints the plain "N passed, N failed" line CI reads: Vitest's tests from its JSON report, plus
// the other checks run before it (argv: report file, number of checks, number of them failed).
import fs from 'node:fs';

const [file, checksArg = '0', checksFailedArg = '0'] = process.argv.slice(2);
const checks = Number(checksArg);
const checksFailed = Number(checksFailedArg);
if (!fs.existsSync(file)) {
  console.log(`${checks - checksFailed} passed, ${checksFailed + 1} failed`);
  console.error(`no test report at ${file}: the test run did not finish`);
  process.exit(1);
}
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
// A file that fails to load has no test results but must still count as a failure.
const brokenFiles = report.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
const skipped = report.numPendingTests + report.numTodoTests;
const passed = report.numPassedTests + checks - checksFailed;
const failed = report.numFailedTests + brokenFiles + checksFailed;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(report.numTotalTests === 0 ? 1 : 0);
