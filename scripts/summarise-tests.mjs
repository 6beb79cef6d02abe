// Prints the plain "N passed, N failed" line CI reads, from Vitest's JSON report.
import fs from 'node:fs';

const file = process.argv[2];
if (!fs.existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`no test report at ${file}: the test run did not finish`);
  process.exit(1);
}
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
const failedSuites = report.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${report.numPassedTests} passed, ${report.numFailedTests + failedSuites} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(report.numTotalTests === 0 ? 1 : 0);
