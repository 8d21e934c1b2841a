/**
 * Serves the seed pages on loopback, pushes their URLs through the running pipeline with the `newsflow`
 * CLI (`push --follow`), then prints the stored articles straight from MongoDB.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { commonSettings, loadConfig } from '@newsflow/runtime';
import { startFixtureSite, type FixtureRoute } from '@newsflow/testing/fixture-site';

const root = resolve(import.meta.dirname, '..');
const FOLLOW_TIMEOUT_S = 150;

function demoRoutes(): Record<string, FixtureRoute> {
  const routes: Record<string, FixtureRoute> = {};
  const seeds = join(root, 'test', 'fixtures', 'seeds');
  for (const file of readdirSync(seeds).sort()) {
    routes[`/seeds/${file}`] = {
      body: readFileSync(join(seeds, file)),
      contentType: 'text/plain; charset=utf-8',
    };
  }
  const pages = join(root, 'test', 'fixtures', 'pages');
  for (const slug of readdirSync(pages)
    .filter((s) => s.startsWith('seed-'))
    .sort()) {
    try {
      routes[`/pages/${slug}.html`] = {
        body: readFileSync(join(pages, slug, 'source.html')),
        contentType: 'text/html; charset=utf-8',
      };
    } catch {
      // Text-only fixtures have no source.html.
    }
  }
  return routes;
}

function runCli(args: string[]): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'newsflow.mjs'), ...args], { stdio: 'inherit' });
    child.on('exit', (code) => done(code ?? 1));
  });
}

async function main(): Promise<number> {
  const config = loadConfig(commonSettings);
  const site = await startFixtureSite(demoRoutes());
  const urls = Object.keys(demoRoutes()).map((path) => site.url(path));
  console.log(`demo: serving ${urls.length} pages on ${site.origin}`);
  try {
    const code = await runCli([
      'push',
      '--force',
      '--follow',
      '--timeout',
      String(FOLLOW_TIMEOUT_S),
      ...urls,
    ]);
    if (code !== 0) console.error(`demo: newsflow push exited ${code}`);
    const client = await MongoClient.connect(config.mongodbUri, { serverSelectionTimeoutMS: 10_000 });
    try {
      const articles = await client
        .db()
        .collection('articles')
        .find({ url: { $in: urls } })
        .sort({ url: 1, part: 1 })
        .toArray();
      console.log(`\ndemo: ${articles.length} articles in MongoDB for the demo pages\n`);
      for (const a of articles) {
        const entities = (a.entities as { name: string; type: string }[] | undefined) ?? [];
        console.log(`── ${String(a.title)}`);
        console.log(`   url: ${String(a.url)}  part: ${String(a.part)}`);
        console.log(
          `   published: ${a.publishedAt instanceof Date ? a.publishedAt.toISOString() : '?'}  authors: ${((a.authors as string[] | undefined) ?? []).join(', ') || '?'}`,
        );
        console.log(
          `   entities: ${entities
            .slice(0, 8)
            .map((e) => `${e.name} (${e.type})`)
            .join(', ')}`,
        );
        console.log(`   ${String(a.text).slice(0, 400).replace(/\n+/g, ' ')}…\n`);
      }
      return code === 0 && articles.length > 0 ? 0 : 1;
    } finally {
      await client.close();
    }
  } finally {
    await site.close();
    console.log(
      `demo: watch the pipeline and browse the articles in the console: http://127.0.0.1:${process.env.CONSOLE_PORT ?? 8090}/`,
    );
    console.log('demo: the stack keeps running; stop it with `npm run stack:down`');
  }
}

process.exitCode = await main();
