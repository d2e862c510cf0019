// Fails when src/api/schema.d.ts is not what scripts/gen-api.mjs makes from openapi/openapi.json.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const committed = path.join(here, '../src/api/schema.d.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'kairos-api-'));
const fresh = path.join(dir, 'schema.d.ts');
try {
  execFileSync(process.execPath, [path.join(here, 'gen-api.mjs'), fresh], { stdio: ['ignore', 'ignore', 'inherit'] });
  let current = '';
  try {
    current = readFileSync(committed, 'utf8');
  } catch {
    /* missing counts as stale */
  }
  if (current !== readFileSync(fresh, 'utf8')) {
    console.error(
      'src/api/schema.d.ts is stale: openapi/openapi.json changed. Run `just api-client` (or `npm run api-client`) and commit the result.',
    );
    process.exit(1);
  }
  console.log('API client is up to date with openapi/openapi.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
